"""The pages the browser suite visits, and the flows that reach stateful ones.

Each ``Visit`` is one page state a person can see: a plain URL, or a URL
plus the steps a person takes to get there (sending the question form
empty, getting the urgent warning, reading the receipt, ...). The axe,
semantics, origin and small-screen tests are parametrised over these.

``STAFF_PAGES`` are the staff pages (``/personal/...``) and the page a
service opens from a referral e-mail. Each names the account it is seen
as (``who``): the ``report`` fixture opens it in that account's logged-in
page (``conftest.staff_page``), after ``prepare_staff_data`` has made the
questions, reply, referral, note, reply template and page draft that the
pages show. ``ALL_PAGES`` is what the per-page checks are run on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .staff import (
    ADMIN,
    ANONYMOUS,
    COORDINATOR,
    EDITOR,
    ENROLLING,
    RECOVERY,
    fill_login_form,
    log_in,
    path_of,
    submit,
)

ROOT = Path(__file__).resolve().parents[2]

#: Every shipped service page, read from the content folder so a new page is tested too
#: (``<slug>.md``; ``<slug>.<lang>.md`` are its language versions).
SERVICE_SLUGS = sorted(p.stem for p in (ROOT / "familjeguiden" / "content" / "tjanster").glob("*.md")
                       if "." not in p.stem)

#: Where "Lämna sidan snabbt" leads on the test server. ``.invalid`` never
#: resolves, and the tests intercept it with ``page.route`` anyway.
QUICK_EXIT_URL = "http://neutral.invalid/"

#: An age group and topic that no service matches (checked by the tests).
NO_RESULTS_FILTER = "/tjanster/?alder=0-5&amne=brott-och-riskbeteende"

QUESTION = ("Vår son är tio år och vill inte gå till skolan längre. Vilket stöd finns för oss "
            "som familj, och vem ska vi prata med först?")
URGENT_QUESTION = "Pappa slog mig igår och jag vågar inte gå hem i kväll."
FOLLOW_UP = "Ett tillägg: han har varit hemma från skolan hela veckan nu."

CASE_LINK = re.compile(r"^/arende/[A-Za-z0-9_-]{20,}$")
CASE_CODE = re.compile(r"FG-\d{4}-\d{4,}")

@dataclass(frozen=True)
class Visit:
    id: str
    path: str
    status: int = 200
    steps: Callable | None = None
    needs_search: bool = False
    #: Text the page must show, so the state under test is really the one named.
    shows: str | None = None
    #: The staff account (``staff.ACCOUNTS`` key or ``staff.ANONYMOUS``) whose page shows it; None: public.
    who: str | None = None

    def open(self, page) -> None:
        """Go to the page (and take the steps); check the final status."""
        response = page.goto(self.path)
        if self.steps is None:
            assert response is not None and response.status == self.status, (
                f"{self.path} svarade {response.status if response else 'inget'}, väntade {self.status}")
            # A staff page that redirects to the login form would otherwise pass as "200".
            assert path_of(page) == urlsplit(self.path).path, f"{self.path} ledde till {page.url}"
        else:
            self.steps(page)
        page.wait_for_load_state("load")
        if self.shows:
            assert self.shows in page.locator("main").inner_text(), f"{page.url} visar inte ”{self.shows}”"


# --- The question flows, done the way a person does them. ----------------------------------------

def fill_question(page, message: str = QUESTION, relation: str = "foralder", contact: str = "anonym") -> None:
    page.get_by_role("textbox", name="Din fråga").fill(message)
    page.get_by_role("group", name="Vem är du?").locator(f"input[value='{relation}']").check()
    page.get_by_role("group", name="Hur vill du få svar?").locator(f"input[value='{contact}']").check()


def send_form(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def question_with_errors(page) -> None:
    send_form(page, "Skicka frågan")
    assert page.locator("[data-error-summary]").is_visible(), "Felsammanfattningen syns inte"


def urgent_warning(page) -> None:
    fill_question(page, URGENT_QUESTION, relation="ung")
    send_form(page, "Skicka frågan")
    assert "Ring 112 om det är akut" in page.locator("[data-error-summary]").inner_text()


def question_sent(page) -> None:
    fill_question(page)
    send_form(page, "Skicka frågan")
    assert page.url.endswith("/fraga/skickad"), f"{page.url}\n{page.locator('main').inner_text()[:1500]}"
    assert CASE_CODE.search(page.locator(".case-code").inner_text())


def case_page(page) -> None:
    question_sent(page)
    with page.expect_navigation():
        page.locator(".case-link a").click()
    assert CASE_LINK.match(urlsplit(page.url).path), page.url
    assert QUESTION[:40] in page.locator(".thread").inner_text()


def case_page_after_follow_up(page) -> None:
    case_page(page)
    page.get_by_role("textbox", name="Skriv ett tillägg").fill(FOLLOW_UP)
    send_form(page, "Skicka tillägget")
    assert page.get_by_text("Ditt tillägg är skickat").is_visible()


# --- Course sign-up (DESIGN.md section 9): the demo's occurrences, made by `flask init` with DEMO = True. -----

#: The demo occurrences' sign-up pages (familjeguiden/courses/demo.py makes them in this order).
SIGNUP_ABC, SIGNUP_STEGET = "/tjanster/abc/anmalan/1", "/tjanster/steget/anmalan/5"
SIGNUP_LINK = re.compile(r"^(?:/[a-z]+)?/anmalan/[A-Za-z0-9_-]{32}$")


def fill_signup(page, name: str = "Kim", email: str = "kim@example.com", ages: str = "4 och 7") -> None:
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=contact_method][value=e-post]").check()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=child_ages]").fill(ages)


def signup_with_errors(page) -> None:
    send_form(page, "Anmäl mig")
    assert page.locator("[data-error-summary]").is_visible(), "Felsammanfattningen syns inte"


def signup_sent(page) -> None:
    fill_signup(page)
    with page.expect_navigation():
        page.locator("form.signup-form button[type=submit]").click()
    assert page.url.endswith("/skickad"), f"{page.url}\n{page.locator('main').inner_text()[:1500]}"
    assert SIGNUP_LINK.match(page.locator(".signup-link a").get_attribute("href"))


def signup_page(page) -> None:
    signup_sent(page)
    with page.expect_navigation():
        page.locator(".signup-link a").click()
    assert SIGNUP_LINK.match(urlsplit(page.url).path), page.url


def signup_cancel_step(page) -> None:
    signup_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Avboka", exact=True).click()
    assert "Vill du avboka?" in page.locator("main").inner_text()


SIGNUP_PAGES = [
    Visit("anmalan", SIGNUP_ABC, shows="Du behöver inget konto"),
    Visit("anmalan-samtal", SIGNUP_STEGET, shows="samtal med kursledaren först"),
    Visit("anmalan-fel", SIGNUP_ABC, steps=signup_with_errors, shows="Skriv ditt namn."),
    Visit("anmalan-skickad", SIGNUP_ABC, steps=signup_sent, shows="Spara länken nu"),
    Visit("anmalan-egen-sida", SIGNUP_ABC, steps=signup_page, shows="Du har en plats"),
    Visit("anmalan-avboka", SIGNUP_ABC, steps=signup_cancel_step, shows="Ja, avboka"),
    Visit("anmalan-ordkod", "/anmalan", shows="Öppna din anmälan"),
    Visit("en-anmalan", "/en" + SIGNUP_ABC),
    Visit("ar-anmalan", "/ar" + SIGNUP_ABC),
]


STATIC_PAGES = [
    Visit("start", "/"),
    Visit("tjanster", "/tjanster/"),
    Visit("tjanster-alder", "/tjanster/?alder=6-12"),
    Visit("tjanster-amne", "/tjanster/?amne=psykisk-halsa"),
    Visit("tjanster-inga-traffar", NO_RESULTS_FILTER, shows="Inga tjänster passar"),
    *[Visit(f"tjanst-{slug}", f"/tjanster/{slug}") for slug in SERVICE_SLUGS],
    Visit("akut", "/akut"),
    Visit("om", "/om"),
    Visit("personuppgifter", "/om/personuppgifter"),
    Visit("tillganglighet", "/om/tillganglighet"),
    Visit("404", "/finns-inte-alls", status=404, shows="Vi hittar inte sidan"),
    Visit("tjanst-404", "/tjanster/finns-inte", status=404, shows="Vi hittar inte sidan"),
    Visit("fraga", "/fraga"),
    Visit("kvitto-en-gang", "/fraga/skickad", shows="Kvittot visas bara en gång"),
]

SEARCH_PAGES = [
    Visit("sok", "/sok", needs_search=True),
    Visit("sok-traffar", "/sok?q=steget", needs_search=True, shows="träffar för ”steget”"),
    Visit("sok-inga-traffar", "/sok?q=xyzzy", needs_search=True, shows="Vi hittade inget"),
    Visit("sok-forslag", "/sok?q=stegett", needs_search=True, shows="Menade du"),
]

FLOW_PAGES = [
    Visit("fraga-fel", "/fraga", steps=question_with_errors),
    Visit("fraga-akut", "/fraga", steps=urgent_warning),
    Visit("fraga-skickad", "/fraga", steps=question_sent),
    Visit("arende", "/fraga", steps=case_page),
    Visit("arende-tillagg", "/fraga", steps=case_page_after_follow_up),
]


# --- The language versions (DESIGN.md section 8) ----------------------------------------------------

#: The full versions, with a word that finds Steget in each (the search is per language).
LANGUAGE_SEARCHES = {"en": "parenting course", "ar": "دورة للوالدين", "fi": "vanhempainkurssi", "lattlast": "steget"}
#: The short guide: one page each.
GUIDE_LANGUAGES = ("so", "ti", "prs", "uk", "fit", "se", "rom", "yi")
RTL_LANGUAGES = ("ar", "prs", "yi")


def question_sent_in(prefix: str):
    """The question form sent in a language version, found by the fields' names (the labels are translated)."""
    def steps(page) -> None:
        page.goto(f"{prefix}/fraga")
        page.locator("textarea[name=message]").fill(QUESTION)
        page.locator("input[name=relation][value=foralder]").check()
        page.locator("input[name=contact_method][value=anonym]").check()
        with page.expect_navigation():
            page.locator("form.question-form button[type=submit]").click()
        assert page.url.endswith(f"{prefix}/fraga/skickad"), f"{page.url}\n{page.locator('main').inner_text()[:800]}"
        assert CASE_CODE.search(page.locator(".case-code").inner_text())
    return steps


LANGUAGE_PAGES = [
    visit
    for code, query in LANGUAGE_SEARCHES.items()
    for visit in (
        Visit(f"{code}-start", f"/{code}/"),
        Visit(f"{code}-tjanst-steget", f"/{code}/tjanster/steget"),
        Visit(f"{code}-akut", f"/{code}/akut"),
        Visit(f"{code}-sok", f"/{code}/sok?q={query}", needs_search=True),
        Visit(f"{code}-fraga", f"/{code}/fraga"),
        Visit(f"{code}-fraga-skickad", f"/{code}/fraga", steps=question_sent_in(f"/{code}")),
    )
] + [Visit(f"{code}-om", f"/{code}/om") for code in GUIDE_LANGUAGES]

PUBLIC_PAGES = STATIC_PAGES + SEARCH_PAGES + FLOW_PAGES + SIGNUP_PAGES + LANGUAGE_PAGES


# --- Staff pages ------------------------------------------------------------------------------------

EMAIL_QUESTION = ("Vår dotter är fjorton år och har slutat gå till skolan. Hon sover dåligt och vi bråkar "
                  "mycket hemma. Finns det samtalsstöd för hela familjen?")
REPLY = ("Hej! Tack för att du skrev. Steget ger samtalsstöd till familjer med barn i skolåldern, och "
         "elevhälsan på skolan kan hjälpa till med närvaron. Vi har lotsat er till Steget.")
REFERRAL_NOTE = "Familj med en dotter på fjorton år som inte går till skolan. Vill ha samtalsstöd."
NOTE = "Frågeställaren har samtyckt till att kontaktuppgifterna lämnas till Steget."
TEMPLATE_TITLE = "Tack för din fråga"
TEMPLATE_BODY = "Hej! Tack för att du skrev till Familjeguiden. En samordnare har läst din fråga."
#: The page the editor drafts a change of (so its history has a diff), and the new summary.
DRAFT_SLUG = "familjeradgivning"
DRAFT_SUMMARY = "Samtal för par och familjer som vill må bättre tillsammans, utan kostnad och med tystnadsplikt."

#: Filled by ``prepare_staff_data``: the steps below read the case codes and referral token from here.
PREPARED: dict[str, str] = {}

REFERRAL_TOKEN_SCRIPT = """
import sys
from familjeguiden import create_app
from familjeguiden.extensions import db
from familjeguiden.inbox.referral_links import referral_url
from familjeguiden.questions.models import Question

app = create_app()
with app.app_context():
    question = db.session.scalar(db.select(Question).where(Question.code == sys.argv[1]))
    print(referral_url(question.referrals[0]).rsplit("/", 1)[1])
"""


def ask(page, message: str, relation: str = "foralder", contact: str = "anonym", email: str = "",
        name: str = "", share: bool = False, topic: str = "", age_group: str = "") -> tuple[str, str]:
    """Send a question through the public form (past the urgent warning if it comes); the code and link."""
    page.goto("/fraga")
    fill_question(page, message, relation=relation, contact=contact)
    if age_group:
        page.get_by_label("Hur gammalt är barnet? (frivilligt)").select_option(age_group)
    if topic:
        page.get_by_label("Vad handlar frågan om? (frivilligt)").select_option(topic)
    if email:
        page.get_by_label("E-postadress").fill(email)
    if name:
        page.get_by_label("Ditt förnamn (frivilligt)").fill(name)
    if share:
        page.get_by_role("checkbox", name="Ni får ge mina kontaktuppgifter").check()
    submit(page, "Skicka frågan")
    if path_of(page) == "/fraga":
        assert "Ring 112 om det är akut" in page.locator("[data-error-summary]").inner_text(), \
            page.locator("main").inner_text()[:1500]
        submit(page, "Skicka frågan")
    assert path_of(page) == "/fraga/skickad", f"{page.url}\n{page.locator('main').inner_text()[:1500]}"
    return page.locator(".case-code").inner_text().strip(), page.locator(".case-link a").get_attribute("href")


def case_action(page, button: str, done: str) -> None:
    """Press one of the case page's buttons; the page comes back saying it was done."""
    submit(page, button)
    notices = page.locator(".notice").all_inner_texts()
    assert done in notices, f"{button}: {notices}"


def prepare_staff_data(staff_page, live_server) -> dict[str, str]:
    """What the staff pages show, made through the real forms once per session.

    Two questions from the public form (an urgent anonymous one, and one with
    an e-mail address and consent to share it), a reply template, and on the
    e-mail question: taken, answered, referred to Steget (which queues an
    e-mail with the confirmation link) and an internal note. The editor
    saves a draft so that a page has a history with a difference.
    """
    if PREPARED:
        return PREPARED
    public = staff_page(ANONYMOUS)
    public.context.clear_cookies()
    urgent, _ = ask(public, URGENT_QUESTION, relation="ung")
    case, link = ask(public, EMAIL_QUESTION, contact="e-post", email="forelder@example.com", name="Kim",
                     share=True, topic="skola-och-narvaro", age_group="13-20")
    public.context.clear_cookies()

    coordinator = staff_page(COORDINATOR.key)
    coordinator.goto("/personal/inkorg/svarsmallar/ny")
    coordinator.get_by_label("Rubrik").fill(TEMPLATE_TITLE)
    coordinator.get_by_label("Text (måste fyllas i)").fill(TEMPLATE_BODY)
    submit(coordinator, "Spara svarsmallen")
    assert TEMPLATE_TITLE in coordinator.locator("table").inner_text()

    coordinator.goto(f"/personal/inkorg/{case}")
    case_action(coordinator, "Ta ärendet", "Du har tagit ärendet.")
    coordinator.get_by_role("textbox", name="Svar till frågeställaren").fill(REPLY)
    case_action(coordinator, "Spara svaret", "Svaret är sparat.")
    coordinator.get_by_role("checkbox", name="Steget", exact=True).check()
    coordinator.get_by_role("textbox", name="Meddelande till verksamheten").fill(REFERRAL_NOTE)
    coordinator.get_by_label("Vad skickas med").select_option("ja")
    case_action(coordinator, "Lotsa", "Ärendet är lotsat.")
    coordinator.get_by_role("textbox", name="Intern anteckning").fill(NOTE)
    case_action(coordinator, "Spara anteckningen", "Anteckningen är sparad.")
    # The link in the e-mail to Steget, as the app signs it (runs while the editor works).
    token = live_server.python(REFERRAL_TOKEN_SCRIPT, case)

    editor = staff_page(EDITOR.key)
    editor.goto(f"/personal/sidor/{DRAFT_SLUG}")
    editor.get_by_label("Sammanfattning", exact=True).fill(DRAFT_SUMMARY)
    editor.get_by_label("Vad har du ändrat?").fill("Kortare sammanfattning")
    submit(editor, "Spara utkast")
    assert any("sparad som utkast" in t for t in editor.locator(".notice").all_inner_texts()), \
        editor.locator("main").inner_text()[:1500]

    PREPARED.update(urgent=urgent, case=case, asker_link=link, referral_token=token().strip())
    return PREPARED


def wrong_password(page) -> None:
    fill_login_form(page, ENROLLING, password="inte-rätt-lösenord-alls")
    assert page.locator("[data-error-summary]").is_visible(), "Felsammanfattningen syns inte"


def enrol_page(page) -> None:
    log_in(page, ENROLLING, stop="enrol")


def recovery_codes_page(page) -> None:
    log_in(page, RECOVERY, stop="recovery")


def code_page(page) -> None:
    log_in(page, COORDINATOR, stop="code")


def open_case(page) -> None:
    """From the Lotsad tab of the inbox, follow the prepared case's link."""
    with page.expect_navigation():
        page.get_by_role("link", name=PREPARED["case"], exact=True).click()
    assert page.locator("h1").inner_text() == f"Ärende {PREPARED['case']}"


def case_with_template(page) -> None:
    open_case(page)
    with page.expect_navigation():
        page.get_by_role("link", name=TEMPLATE_TITLE, exact=True).click()
    assert page.get_by_role("textbox", name="Svar till frågeställaren").input_value() == TEMPLATE_BODY


def case_with_error(page) -> None:
    open_case(page)
    submit(page, "Spara svaret")


def inbox_search(page) -> None:
    page.get_by_label("Sök ärendenummer eller text").fill("skolan")
    submit(page, "Filtrera")
    assert "q=skolan" in page.url
    assert PREPARED["case"] in page.locator("table.inbox").inner_text()


def referral_confirmation(page) -> None:
    page.goto(f"/lotsning/{PREPARED['referral_token']}")


def editor_preview(page) -> None:
    submit(page, "Förhandsgranska")
    assert page.locator(".preview-frame h1").count() == 1


def editor_with_error(page) -> None:
    page.get_by_label("Rubrik", exact=True).fill("")
    submit(page, "Förhandsgranska")
    assert page.locator("[data-error-summary]").is_visible(), "Felsammanfattningen syns inte"


def submit_empty(button: str) -> Callable:
    def steps(page) -> None:
        submit(page, button)
        assert page.locator("[data-error-summary]").is_visible(), "Felsammanfattningen syns inte"

    return steps


def open_user(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=COORDINATOR.name, exact=True).click()


LOTSAD = "/personal/inkorg?status=lotsad"

STAFF_PAGES = [
    Visit("logga-in", "/personal/logga-in", who=ANONYMOUS, shows="Logga in som personal"),
    Visit("logga-in-fel", "/personal/logga-in", who=ANONYMOUS, steps=wrong_password,
          shows="Fel e-postadress eller lösenord"),
    Visit("logga-in-tvastegs", "/personal/logga-in", who=ANONYMOUS, steps=enrol_page, shows="Skanna QR-koden"),
    Visit("logga-in-reservkoder", "/personal/logga-in", who=ANONYMOUS, steps=recovery_codes_page,
          shows="Spara de här reservkoderna"),
    Visit("logga-in-kod", "/personal/logga-in", who=ANONYMOUS, steps=code_page, shows="Skriv koden från din app"),
    Visit("inkorg", "/personal/inkorg", who=COORDINATOR.key, shows="Brådskande"),
    Visit("inkorg-lotsad", LOTSAD, who=COORDINATOR.key, shows="Lotsad"),
    Visit("inkorg-brad", "/personal/inkorg?status=ny&akut=1", who=COORDINATOR.key, shows="Brådskande"),
    Visit("inkorg-sok", LOTSAD, who=COORDINATOR.key, steps=inbox_search, shows="ärenden"),
    Visit("inkorg-arende", LOTSAD, who=COORDINATOR.key, steps=open_case, shows="Lotsningar"),
    Visit("inkorg-arende-mall", LOTSAD, who=COORDINATOR.key, steps=case_with_template,
          shows="Svarsfältet är ifyllt med mallen"),
    Visit("inkorg-arende-fel", LOTSAD, who=COORDINATOR.key, steps=case_with_error, shows="Skriv svaret."),
    Visit("svarsmallar", "/personal/inkorg/svarsmallar", who=COORDINATOR.key, shows=TEMPLATE_TITLE),
    Visit("svarsmall-ny", "/personal/inkorg/svarsmallar/ny", who=COORDINATOR.key, shows="Ny svarsmall"),
    Visit("svarsmall-fel", "/personal/inkorg/svarsmallar/ny", who=COORDINATOR.key,
          steps=submit_empty("Spara svarsmallen"), shows="Skriv en rubrik."),
    Visit("statistik", "/personal/statistik", who=COORDINATOR.key, shows="Frågor per månad"),
    Visit("statistik-fel", "/personal/statistik?fran=2026-13-01", status=400, who=COORDINATOR.key,
          shows="Skriv datumet som år-månad-dag"),
    Visit("konto", "/personal/konto", who=COORDINATOR.key, shows="Byt lösenord"),
    Visit("konto-fel", "/personal/konto", who=COORDINATOR.key, steps=submit_empty("Byt lösenord"),
          shows="Skriv ditt nuvarande lösenord."),
    Visit("lotsning", "/", who=ANONYMOUS, steps=referral_confirmation, shows="Vi har tagit emot ärendet"),
    Visit("sidor", "/personal/sidor/", who=EDITOR.key, shows="Utkast finns"),
    Visit("sidor-redigera", f"/personal/sidor/{DRAFT_SLUG}", who=EDITOR.key, shows="Sidans åtgärder"),
    Visit("sidor-forhandsgranska", f"/personal/sidor/{DRAFT_SLUG}", who=EDITOR.key, steps=editor_preview,
          shows="Förhandsgranskning."),
    Visit("sidor-redigera-fel", f"/personal/sidor/{DRAFT_SLUG}", who=EDITOR.key, steps=editor_with_error,
          shows="behöver rättas"),
    Visit("sidor-historik", f"/personal/sidor/{DRAFT_SLUG}/historik", who=EDITOR.key,
          shows="Skillnader mellan version 1 och 2"),
    Visit("kurser", "/personal/kurser", who=EDITOR.key, shows="Kommande tillfällen"),
    Visit("kurser-tillfalle", "/personal/kurser/1", who=EDITOR.key, shows="Meddelande till gruppen"),
    Visit("kurser-samtal", "/personal/kurser/5", who=EDITOR.key, shows="Väntar på samtal"),
    Visit("kurser-nytt", "/personal/kurser/ny", who=EDITOR.key, shows="Nytt tillfälle"),
    Visit("kurser-statistik", "/personal/kurser/statistik", who=EDITOR.key, shows="Fick vänta"),
    Visit("sidor-aterstall", f"/personal/sidor/{DRAFT_SLUG}/aterstall/1", who=EDITOR.key,
          shows="Återställ version 1?"),
    Visit("admin-anvandare", "/personal/admin/anvandare", who=ADMIN.key, shows="Personalkonton"),
    Visit("admin-anvandare-fel", "/personal/admin/anvandare", who=ADMIN.key, steps=submit_empty("Skapa kontot"),
          shows="behöver rättas"),
    Visit("admin-anvandare-en", "/personal/admin/anvandare", who=ADMIN.key, steps=open_user,
          shows="Ändra roller"),
    Visit("admin-logg", "/personal/admin/logg", who=ADMIN.key, shows="inloggning"),
    Visit("admin-arende", LOTSAD, who=ADMIN.key, steps=open_case, shows="Registerutdrag och radering"),
]

ALL_PAGES = PUBLIC_PAGES + STAFF_PAGES
