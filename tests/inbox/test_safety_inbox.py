"""The coordinator's side of family safety: urgent deadlines, orosanmälan, spam floods,
state-aware actions, and referrals that go only where the coordinators say."""

from __future__ import annotations

import datetime as dt
import re

from familjeguiden.extensions import db
from familjeguiden.inbox.models import ConcernReport, Referral, ReferralRecipient
from familjeguiden.mail.models import OutboundEmail
from familjeguiden.questions import lifecycle
from familjeguiden.questions.models import Question
from familjeguiden.timeutil import STOCKHOLM, utcnow
from tests.fixtures import ask, version_of


def act(client, question, action, **data):
    data.setdefault("version", version_of(question))
    return client.post(f"/personal/inkorg/{question.code}/{action}", data=data)


def page(client, url):
    return client.get(url).get_data(as_text=True)


def local(year, month, day, hour, minute=0) -> dt.datetime:
    """A Swedish wall-clock time as the naive UTC the database stores."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).astimezone(dt.UTC).replace(tzinfo=None)


def test_an_urgent_question_is_due_the_same_working_day(app):
    tuesday_morning = local(2026, 12, 8, 9, 30)
    assert lifecycle.deadline(tuesday_morning, urgent=True) == local(2026, 12, 8, 16)
    friday_evening = local(2026, 12, 11, 19)
    assert lifecycle.deadline(friday_evening, urgent=True) == local(2026, 12, 14, 10)  # Monday morning
    christmas_eve = local(2026, 12, 23, 17)
    assert lifecycle.deadline(christmas_eve, urgent=True) == local(2026, 12, 28, 10)  # julafton, juldagen ...
    assert lifecycle.deadline(tuesday_morning, urgent=False) > local(2026, 12, 9, 9)  # two working days


def test_the_coordinators_notice_of_an_urgent_question_says_so_in_its_subject_only(app):
    urgent = ask("Min styvpappa slår mig och jag vågar inte gå hem.", urgent=True)
    plain = ask("Vi behöver råd om läggningen för vår treåring.")
    subjects = {row.question_id: row.subject for row in db.session.scalars(
        db.select(OutboundEmail).where(OutboundEmail.kind.like("ny_fraga%")))}
    assert subjects[urgent.id] == f"Brådskande: ny fråga till Familjeguiden ({urgent.code})"
    assert subjects[plain.id] == f"Ny fråga till Familjeguiden ({plain.code})"
    body = db.session.scalar(db.select(OutboundEmail.body_text).where(OutboundEmail.question_id == urgent.id))
    assert "vågar inte gå hem" not in body


def test_a_concern_report_is_recorded_shown_in_history_summarised_and_counted(coordinator_client, app):
    question = ask("Grannens barn är ensamma hemma flera nätter i rad och gråter.", contact_method="telefon",
                   phone="070-174 06 05", name="Gun Granne")
    response = act(coordinator_client, question, "orosanmalan", state="gjord", made_by="Sam Samordnare",
                   via="telefon", recipient="Socialtjänsten, mottagningen för barn och unga",
                   shared="Två barn, cirka 5 och 7 år, lämnas ensamma om nätterna enligt en granne.",
                   include_age="", include_question="y", reference="SN 2026/1234",
                   asker_note="Vi har berättat för socialtjänsten om din oro.")
    assert response.status_code == 303
    (report,) = db.session.scalars(db.select(ConcernReport)).all()
    assert report.state == "gjord" and report.made_at is not None and report.reference == "SN 2026/1234"
    case = page(coordinator_client, f"/personal/inkorg/{question.code}")
    assert "Orosanmälan gjord till Socialtjänsten" in case
    summary = page(coordinator_client, f"/personal/inkorg/{question.code}/orosanmalan/{report.id}")
    assert "lämnas ensamma om nätterna" in summary and "Grannens barn är ensamma" in summary  # chosen parts
    assert "070-174 06 05" not in summary and "Gun Granne" not in summary  # contact details not chosen
    from familjeguiden.questions.tokens import derive_token

    asker = app.test_client().get(f"/arende/{derive_token(question.token_salt)}").get_data(as_text=True)
    assert "Vi har berättat för socialtjänsten om din oro." in asker and "SN 2026/1234" not in asker
    stats = page(coordinator_client, "/personal/statistik.csv")
    assert "Orosanmälningar gjorda;1" in stats


def test_a_prepared_concern_report_can_be_marked_as_made(coordinator_client):
    question = ask("En elev berättar att pappa slår henne.")
    act(coordinator_client, question, "orosanmalan", state="forberedd", made_by="Sam", via="e-tjanst",
        recipient="Socialtjänsten", shared="Eleven berättade om slag hemma.")
    report = db.session.scalar(db.select(ConcernReport))
    assert report.state == "forberedd" and report.made_at is None
    assert act(coordinator_client, question, "orosanmalan-gjord", report_id=report.id).status_code == 303
    db.session.refresh(report)
    assert report.state == "gjord" and report.made_at is not None


def test_many_questions_are_marked_as_spam_at_once(coordinator_client):
    flood = [ask(f"Köp billiga klockor nu, erbjudande nummer {n}.") for n in range(5)]
    real = ask("Min dotter vill inte gå till skolan, vad kan vi göra?")
    response = coordinator_client.post("/personal/inkorg/skrap", data={"codes": [q.code for q in flood]})
    assert response.status_code == 303
    db.session.expire_all()
    assert all(db.session.get(Question, q.id).status == "skrap" for q in flood)
    assert db.session.get(Question, real.id).status == "ny"
    assert "5 ärenden markerades som skräp" in page(coordinator_client, response.headers["Location"])


def test_a_closed_case_offers_reopening_not_closing(coordinator_client):
    question = ask("Tack, nu vet vi vart vi ska vända oss.")
    act(coordinator_client, question, "avsluta", outcome="besvarad")
    html = page(coordinator_client, f"/personal/inkorg/{question.code}")
    assert "Öppna ärendet igen" in html and "Avsluta ärendet" not in html and "Lotsa</button>" not in html
    assert act(coordinator_client, question, "avsluta", outcome="besvarad").status_code == 303
    assert "Det går inte att göra så" in page(coordinator_client, f"/personal/inkorg/{question.code}")
    assert act(coordinator_client, question, "oppna-igen").status_code == 303
    db.session.refresh(question)
    assert question.status == "pagaende" and question.outcome is None


def test_the_action_forms_preselect_the_current_values(coordinator_client, colleague):
    question = ask("Vi bråkar mycket hemma om datorn.")
    act(coordinator_client, question, "tilldela", assignee=colleague.id)
    html = page(coordinator_client, f"/personal/inkorg/{question.code}")
    assignee = re.search(r'<select[^>]*name="assignee".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option selected value="{colleague.id}"|<option value="{colleague.id}" selected', assignee)
    outcome = re.search(r'<select[^>]*name="outcome".*?</select>', html, re.S).group(0)
    assert 'selected value=""' in outcome or '<option value="" selected' in outcome or "selected" not in outcome
    status = re.search(r'<select[^>]*name="status".*?</select>', html, re.S).group(0)
    assert "Avslutad" not in status and "Väntar på frågeställaren" in status


def test_referrals_go_to_the_recipient_list_not_to_the_page_s_address(coordinator_client, app):
    from familjeguiden.pages.catalogue import get_catalogue
    from tests.factories import page_for, publish_revision

    page_obj = page_for("ingangen")
    fm = dict(page_obj.published_revision.front_matter)
    fm["contact"] = dict(fm["contact"], email="redaktorens-egen@example.org")  # an editor changes the page
    publish_revision(page_obj, fm, page_obj.published_revision.body)
    assert get_catalogue().get("ingangen").contact["email"] == "redaktorens-egen@example.org"
    question = ask("Min son röker cannabis och vi vet inte vad vi ska göra.", contact_method="e-post",
                   email="foralder@example.com", share_consent=True)
    html = page(coordinator_client, f"/personal/inkorg/{question.code}")
    assert "ingangen@example.com" in html  # the refer form shows where it goes
    act(coordinator_client, question, "lotsa", services=["ingangen"], note="Råd om cannabis.", share_contact="ja")
    mail = db.session.scalar(db.select(OutboundEmail).where(OutboundEmail.kind == "lotsning"))
    assert mail.recipient == "ingangen@example.com"
    referral = db.session.scalar(db.select(Referral))
    assert referral.recipient_email == "ingangen@example.com"


def test_only_coordinators_and_admins_keep_the_recipient_list(coordinator_client, editor, app):
    from tests.staff import login

    assert coordinator_client.post("/personal/inkorg/mottagare/ingangen",
                                   data={"email": "ny-mottagare@example.com"}).status_code == 303
    assert db.session.get(ReferralRecipient, "ingangen").email == "ny-mottagare@example.com"
    other = app.test_client()
    login(other, editor)
    assert other.post("/personal/inkorg/mottagare/ingangen", data={"email": "x@example.org"}).status_code == 403
    assert other.get("/personal/inkorg/mottagare").status_code == 403


def test_a_referral_link_expires_and_is_refused_on_a_closed_case(coordinator_client, app):
    from familjeguiden.inbox.referral_links import referral_url

    question = ask("Vi behöver hjälp med vårt barns ångest.")
    act(coordinator_client, question, "lotsa", services=["bup"], note="Ångest.", share_contact="nej")
    referral = db.session.scalar(db.select(Referral))
    path = referral_url(referral).replace("http://localhost", "")
    service = app.test_client()
    assert service.get(path).status_code == 200
    act(coordinator_client, question, "avsluta", outcome="lotsad")
    closed = service.get(path).get_data(as_text=True)
    assert "avslutat" in closed and 'value="mottagen"' not in closed
    service.post(path, data={"svar": "mottagen"})
    db.session.refresh(referral)
    assert referral.status == "skickad"
    referral.token_expires_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    assert service.get(path).status_code == 404


def test_a_reply_sent_twice_is_one_reply(coordinator_client):
    question = ask("Hur anmäler vi oss till COPE?")
    html = page(coordinator_client, f"/personal/inkorg/{question.code}")
    key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {"body": "Ring COPE så bokar de en plats åt er.", "channel": "arende", "form_key": key}
    act(coordinator_client, question, "svara", **data)
    act(coordinator_client, question, "svara", **dict(data, version=version_of(question)))
    db.session.refresh(question)
    assert [m.body for m in question.messages].count("Ring COPE så bokar de en plats åt er.") == 1


def test_the_inbox_list_shows_received_time_first_words_and_plural_right(coordinator_client):
    ask("Vår son på tre år vaknar varje natt och skriker, hur länge är det normalt att det håller på?")
    html = page(coordinator_client, "/personal/inkorg")
    assert "1 ärende." in html and "1 ärenden" not in html
    assert "Vår son på tre år vaknar varje natt" in html and "Inkom" in html and "Väntat" in html
    ask("En till fråga om sömn.")
    assert "2 ärenden." in page(coordinator_client, "/personal/inkorg")
