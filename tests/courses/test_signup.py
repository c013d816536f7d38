"""Signing up without an account: the journey, a resent form, the queue, cancelling, offers, the talk.

The clock is moved by passing ``now`` to the operations and the worker
(never by sleeping), as the worker itself is given the time it runs at.
"""

from __future__ import annotations

import datetime as dt

from familjeguiden.courses import operations
from familjeguiden.courses.models import Signup
from familjeguiden.courses.worker import tick
from familjeguiden.extensions import db
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.timeutil import utcnow

from .conftest import form_key, occurrence, sign_up, signup_of, statuses


def mails(kind: str) -> list[OutboundEmail]:
    return list(db.session.scalars(db.select(OutboundEmail).where(OutboundEmail.kind == kind)
                                   .order_by(OutboundEmail.id)))


def test_the_journey_from_service_page_to_a_seat(app, client, capsys):
    occ = occurrence("abc", seats=3, place="Familjecentralen Solrosen", schedule_text="Tisdagar 17.30–20.00")
    page = client.get("/tjanster/abc").get_data(as_text=True)
    assert "3 platser kvar" in page and f'href="/tjanster/abc/anmalan/{occ.id}"' in page

    form = client.get(f"/tjanster/abc/anmalan/{occ.id}").get_data(as_text=True)
    assert "Du behöver inget konto" in form and "Skriv inte känsliga uppgifter" in form
    assert "Så hanterar vi dina uppgifter" in form and 'type="checkbox" name="consent' not in form

    response, link = sign_up(client, occ, name="Kim", email="kim@example.com", ages="4 och 7",
                             note="Jag behöver barnvakt till lillebror.")
    assert response.status_code == 303 and link, response.status_code
    signup = signup_of(link)
    assert (signup.status, signup.child_ages, signup.name) == ("bekraftad", "4, 7", "Kim")
    assert "Du har en plats" in client.get(link).get_data(as_text=True)
    assert "2 platser kvar" in client.get("/tjanster/abc").get_data(as_text=True)

    receipt = mails("anmalan-kvitto")
    assert len(receipt) == 1 and receipt[0].recipient == "kim@example.com"
    assert f"{{anmalanlank:{signup.id}}}" in receipt[0].body_text
    assert "barnvakt" not in receipt[0].body_text + receipt[0].body_html and "4, 7" not in receipt[0].body_text
    with capsys.disabled():
        print("\n[kurser] anmälan utan konto: plats bekräftad, kvitto i utkorgen utan det personen skrev, "
              "länk till den egna sidan")


def test_a_form_sent_twice_is_one_signup(app, client):
    occ = occurrence("abc", seats=3)
    key = form_key(client, f"/tjanster/abc/anmalan/{occ.id}")
    first, link_one = sign_up(client, occ, key=key)
    again, link_two = sign_up(client, occ, key=key)
    assert first.status_code == again.status_code == 303
    assert link_one == link_two
    assert statuses(occ) == ["bekraftad"]
    assert len(mails("anmalan-kvitto")) == 1


def test_errors_are_clear_and_keep_what_was_typed(app, client):
    occ = occurrence("abc", seats=3)
    response = client.post(f"/tjanster/abc/anmalan/{occ.id}", data={
        "name": "Kim", "contact_method": "telefon", "phone": "inte ett nummer", "child_ages": "44",
        "note": "Vi kan bara tisdagar."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Skriv ett svenskt telefonnummer" in html and "Skriv åldern som en siffra mellan 0 och 20" in html
    assert 'value="Kim"' in html and "Vi kan bara tisdagar." in html and 'value="44"' in html
    assert statuses(occ) == []


def test_full_course_queues_in_order_and_a_cancelled_seat_is_offered_and_accepted(app, client):
    occ = occurrence("abc", seats=2)
    links = [sign_up(client, occ, name=f"Förälder {n}", email=f"f{n}@example.com")[1] for n in range(4)]
    assert statuses(occ) == ["bekraftad", "bekraftad", "vantelista", "vantelista"]
    assert "Fullt – ställ dig i kö" in client.get("/tjanster/abc").get_data(as_text=True)
    assert "Du är nummer 2 i kön" in client.get(links[3]).get_data(as_text=True)

    confirm = client.get(links[0] + "/avboka").get_data(as_text=True)
    assert "Vill du avboka?" in confirm and "Ja, avboka" in confirm
    assert statuses(occ)[0] == "bekraftad", "the confirmation page itself cancels nothing"
    assert client.post(links[0] + "/avboka").status_code == 303
    assert statuses(occ) == ["avbokad", "bekraftad", "erbjuden", "vantelista"]
    offer = mails("anmalan-erbjudande")
    assert [m.recipient for m in offer] == ["f2@example.com"]
    assert "Du erbjuds en plats" in client.get(links[2]).get_data(as_text=True)
    assert "Du är nummer 1 i kön" in client.get(links[3]).get_data(as_text=True)

    client.post(links[2] + "/tacka-ja")
    assert statuses(occ) == ["avbokad", "bekraftad", "bekraftad", "vantelista"]


def test_an_offer_not_accepted_in_time_passes_to_the_next(app, client, capsys):
    occ = occurrence("abc", seats=1)
    links = [sign_up(client, occ, name=f"Förälder {n}", email=f"k{n}@example.com")[1] for n in range(3)]
    start = utcnow()
    operations.cancel(signup_of(links[0]), now=start)
    first = signup_of(links[1])
    assert first.status == "erbjuden"
    assert first.offer_expires_at == start + dt.timedelta(hours=48)

    tick(start + dt.timedelta(hours=47))
    assert statuses(occ) == ["avbokad", "erbjuden", "vantelista"], "still within the 48 hours"
    tick(start + dt.timedelta(hours=49))
    assert statuses(occ) == ["avbokad", "avbokad", "erbjuden"]
    assert [m.recipient for m in mails("anmalan-utgatt")] == ["k1@example.com"]
    assert [m.recipient for m in mails("anmalan-erbjudande")] == ["k1@example.com", "k2@example.com"]
    assert "Erbjudandet om plats gick ut" in client.get(links[1]).get_data(as_text=True)
    assert not operations.accept_offer(signup_of(links[1]), now=start + dt.timedelta(hours=50))
    assert operations.accept_offer(signup_of(links[2]), now=start + dt.timedelta(hours=50))
    assert statuses(occ) == ["avbokad", "avbokad", "bekraftad"]
    with capsys.disabled():
        print("\n[kurser] erbjudandet gick ut efter 48 h (klockan flyttad): platsen gick till nästa i kön, "
              "som tackade ja")


def test_an_expired_offer_is_noticed_by_the_page_without_the_worker(app, client):
    app.config["OFFER_HOURS"] = 0  # an offer lapses at once: the next page view moves the queue on
    occ = occurrence("abc", seats=1)
    links = [sign_up(client, occ, name=f"P {n}", email=f"p{n}@example.com")[1] for n in range(3)]
    client.post(links[0] + "/avboka")
    client.get(links[2])
    assert statuses(occ) == ["avbokad", "avbokad", "erbjuden"]


def test_phone_only_offer_asks_the_leader_to_call(app, client):
    occ = occurrence("abc", seats=1)
    _, first = sign_up(client, occ, email="a@example.com")
    _, second = sign_up(client, occ, name="Ali", email=None, phone="070-174 06 10")
    client.post(first + "/avboka")
    signup = signup_of(second)
    assert signup.status == "erbjuden" and signup.call_needed and mails("anmalan-erbjudande") == []


def test_approval_needed_waits_for_the_talk(app, client):
    occ = occurrence("steget", seats=1, approval=True)
    _, link = sign_up(client, occ, name="Sam", email="sam@example.com")
    assert signup_of(link).status == "vantar-pa-samtal"
    assert "Kursledaren hör av sig för att boka ett samtal" in client.get(link).get_data(as_text=True)


def test_closed_signup_keeps_what_was_typed(app, client):
    occ = occurrence("abc", seats=3, closed=True)
    page = client.get(f"/tjanster/abc/anmalan/{occ.id}").get_data(as_text=True)
    assert "Anmälan till den här starten är stängd" in page
    assert "Anmälan stängd" in client.get("/tjanster/abc").get_data(as_text=True)
    response, _ = sign_up(client, occ, key="x" * 43)
    assert response.status_code == 409 and statuses(occ) == []


def test_signup_works_in_every_language_version(app, client):
    occ = occurrence("abc", seats=5)
    for prefix in ("/en", "/ar", "/fi", "/lattlast"):
        response, link = sign_up(client, occ, name=f"Namn {prefix}", email=f"x{prefix[1:]}@example.com",
                                 prefix=prefix)
        assert response.status_code == 303 and link.startswith(prefix + "/anmalan/"), (prefix, link)
        assert signup_of(link).language == prefix[1:]
        assert client.get(link).status_code == 200


def test_reminders_before_the_start_and_gallring_after_the_end(app, client):
    occ = occurrence("abc", seats=3, days=10, meetings=2)
    sign_up(client, occ, email="r@example.com")
    now = utcnow()
    assert tick(now).reminders == 0
    assert tick(now + dt.timedelta(days=9)).reminders == 1
    assert tick(now + dt.timedelta(days=9, hours=1)).reminders == 0, "one reminder only"
    report = tick(now + dt.timedelta(days=10 + 7 + 190))
    assert report.purged_signups == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Signup)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboundEmail)
                             .where(OutboundEmail.kind.like("anmalan-%"))) == 0
    db.session.refresh(occ)
    assert occ.purged_at is not None and occ.stats["anmalningar"] == 1


def test_emails_link_to_the_private_page_in_the_persons_language(app, client):
    from familjeguiden.mail.outbox import _fill_links

    occ = occurrence("abc", seats=2)
    _, link = sign_up(client, occ, email="en@example.com", prefix="/en")
    text, html = _fill_links(mails("anmalan-kvitto")[0])
    assert f"http://localhost{link}" in text and f'href="http://localhost{link}"' in html
    assert link.startswith("/en/anmalan/")


def test_flask_gallring_also_removes_old_course_signups(app, client, cli):
    old = occurrence("abc", seats=2, days=-400)
    db.session.add(Signup(occurrence_id=old.id, status="bekraftad", name="Gammal", contact_method="e-post",
                          email="gammal@example.com", child_ages="5", token_hash="0" * 64, token_salt="s"))
    db.session.commit()
    result = cli.invoke(args=["gallring"])
    assert result.exit_code == 0, result.output
    assert "Kursanmälningar: 1 raderade från 1 avslutade tillfällen" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Signup)) == 0


def test_a_refused_form_csrf_shows_the_form_again_with_what_was_typed(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        occ = occurrence("abc", seats=3)
        client = app.test_client()
        response = client.post(f"/tjanster/abc/anmalan/{occ.id}", data={
            "name": "Kim Kvar", "contact_method": "e-post", "email": "kvar@example.com", "child_ages": "6"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and 'value="Kim Kvar"' in html and "Det du skrev finns kvar" in html
        assert statuses(occ) == []
        db.session.remove()


def test_the_code_and_four_words_open_the_signup_without_the_link(app, client):
    import re

    from familjeguiden.courses.tokens import signup_code, signup_words

    occ = occurrence("abc", seats=2)
    response, link = sign_up(client, occ, email=None, phone="070-174 06 12")
    signup = signup_of(link)
    code, words = signup_code(signup), signup_words(signup)
    assert re.fullmatch(r"KURS-\d{4,}", code) and len(words) == 4
    assert code in client.get(link).get_data(as_text=True)
    opened = client.post("/anmalan", data={"code": code.lower().replace("-", ""), "words": " ".join(words)})
    assert opened.status_code == 303 and opened.headers["Location"].endswith(link)
    wrong = client.post("/anmalan", data={"code": code, "words": " ".join(reversed(words))})
    assert wrong.status_code == 400 and "hör inte ihop" in wrong.get_data(as_text=True)


def test_a_signup_changes_the_service_page_etag_so_no_cache_keeps_old_seat_counts(app, client):
    app.config["COURSE_BOX_CACHE_SECONDS"] = 0
    occ = occurrence("cope", seats=2)
    before = client.get("/tjanster/cope")
    assert "2 platser kvar" in before.get_data(as_text=True) and before.headers.get("ETag")
    assert client.get("/tjanster/cope", headers={"If-None-Match": before.headers["ETag"]}).status_code == 304
    visitor = app.test_client()  # the sign-up gives its own client a session; the page reader stays cookie-free
    response, _link = sign_up(visitor, occ)
    assert response.status_code == 303
    after = client.get("/tjanster/cope", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "1 plats kvar" in after.get_data(as_text=True)
    assert after.headers["ETag"] != before.headers["ETag"]
