"""Staff screens for language versions: which exist, which are out of date, edit, preview, publish.

The staff pages are Swedish; the version itself is shown as its visitors
see it (the preview is rendered in the version's language and direction).
A version is *out of date* when the Swedish page changed after the
translation was last checked (its ``translation_of`` is not the Swedish
text's fingerprint); the editor says which Swedish revision it follows and
links to the difference.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup

from ..accounts.access import staff_required
from ..extensions import db
from ..i18n import _
from ..languages import FULL, LANGUAGES, SWEDISH
from ..pages.catalogue import Service
from ..pages.contacts import load_contacts
from ..pages.models import Page
from ..pages.operations import latest_revision, version_of
from ..pages.rendering import render_markdown
from ..pages.translation_status import states_for
from ..pages.versions import SERVICE_FIELDS, check_version_fields, fingerprint
from ..timeutil import local_today
from . import version_operations
from .operations import EditConflict, EditError
from .routes import EDITORS, bp
from .version_forms import VersionForm

VERSION_LANGUAGES = tuple(code for code in FULL if code != SWEDISH)


def _page_and_language(slug: str, language: str) -> Page:
    page = db.session.scalar(db.select(Page).where(Page.slug == slug))
    if page is None or language not in VERSION_LANGUAGES:
        abort(404)
    return page


def _swedish(page: Page):
    """The Swedish text a version translates: the published revision, else the latest draft."""
    return page.published_revision or latest_revision(page)


def followed_revision(page: Page, mark: str | None):
    """The Swedish revision whose text has fingerprint ``mark`` (what the translation was made from)."""
    for revision in reversed(page.revisions):
        if fingerprint(revision.front_matter, revision.body) == mark:
            return revision
    return None


@bp.get("/sprakversioner")
@staff_required(*EDITORS)
def versions_overview():
    rows = []
    for page in db.session.scalars(db.select(Page).order_by(Page.slug)).all():
        swedish = _swedish(page)
        states = states_for(page)
        attention = sum(not s.exists or s.out_of_date for s in states)
        rows.append({"page": page, "title": swedish.front_matter.get("title", page.slug) if swedish else page.slug,
                     "states": states, "attention": attention})
    rows.sort(key=lambda row: (-row["attention"], row["title"].lower()))
    return render_template("editor/versions.html", rows=rows, languages=[LANGUAGES[c] for c in VERSION_LANGUAGES])


@bp.route("/<slug>/sprak/<language>", methods=["GET", "POST"])
@staff_required(*EDITORS)
def edit_version(slug: str, language: str):
    page = _page_and_language(slug, language)
    swedish = _swedish(page)
    if swedish is None:
        abort(404)
    current_mark = fingerprint(swedish.front_matter, swedish.body)
    latest = latest_revision(page, language)
    previous_mark = latest.front_matter.get("translation_of") if latest else None
    form = VersionForm()
    if request.method == "GET":
        source = latest.front_matter if latest else {}
        form.fill_from(source, latest.body if latest else "", up_to_date=previous_mark == current_mark)
        form.base_revision.data = str(latest.number) if latest else ""
        return _render(page, language, form, latest, swedish, previous_mark, current_mark)

    action = request.form.get("atgard", "forhandsgranska")
    valid = form.validate()
    data = form.version_data(previous_mark, current_mark, local_today().isoformat())
    front_matter, problems = check_version_fields(data, form.body.data or "", f"{slug}.{language}.md",
                                                  SERVICE_FIELDS, load_contacts())
    form.show_problems(problems)
    if action in ("spara", "publicera") and not (form.note.data or "").strip():
        form.note.errors = list(form.note.errors) + [_("Skriv kort vad du har ändrat.")]
        valid = False
    if not valid or problems:
        return _render(page, language, form, latest, swedish, previous_mark, current_mark, status=400)
    body = form.body.data.strip() + "\n"
    if action == "forhandsgranska":
        preview = _preview(page, swedish, language, front_matter, body)
        return _render(page, language, form, latest, swedish, previous_mark, current_mark, preview=preview)
    base = int(form.base_revision.data) if (form.base_revision.data or "").isdigit() else None
    try:
        revision = version_operations.save_version(page, language, front_matter, body, current_user,
                                                   form.note.data, base, go_live=action == "publicera")
    except EditConflict as conflict:
        flash(_("Någon annan har sparat en nyare version (%(number)d) av språkversionen medan du redigerade. "
                "Inget sparades. Ladda om sidan och gör om din ändring.", number=conflict.latest.number), "error")
        return _render(page, language, form, latest, swedish, previous_mark, current_mark, status=409)
    name = LANGUAGES[language].swedish_name.capitalize()
    if action == "publicera":
        flash(_("%(language)s: version %(number)d är publicerad.", language=name, number=revision.number), "success")
    else:
        flash(_("%(language)s: version %(number)d är sparad som utkast.", language=name, number=revision.number),
              "success")
    return redirect(url_for("editor.edit_version", slug=slug, language=language), code=303)


@bp.post("/<slug>/sprak/<language>/avpublicera")
@staff_required(*EDITORS)
def take_down_version(slug: str, language: str):
    page = _page_and_language(slug, language)
    try:
        version_operations.take_down_version(page, language, current_user)
    except EditError as error:
        flash(str(error), "error")
    else:
        flash(_("%(language)s: sidan är avpublicerad. Besökarna ser den svenska sidan med en notis.",
                language=LANGUAGES[language].swedish_name.capitalize()), "success")
    return redirect(url_for("editor.edit_version", slug=slug, language=language), code=303)


def _preview(page: Page, swedish, language: str, front_matter: dict, body: str) -> Markup:
    """The version's article as its visitors will see it: rendered in its language and direction."""
    base = Service.from_revision(page.slug, swedish)
    draft = SimpleNamespace(id=0, language=language, front_matter=front_matter, body=body,
                            body_html=render_markdown(body))
    service = base.localised(draft)
    outer = getattr(g, "language", SWEDISH)
    g.language = language
    try:
        with force_locale(LANGUAGES[language].locale):
            html = render_template("pages/_service_article.html", service=service)
    finally:
        g.language = outer
    # Safe: our own template, every value escaped in it, the body sanitised by render_markdown.
    return Markup(html)  # noqa: S704  # nosec B704


def _render(page, language, form, latest, swedish, previous_mark, current_mark, status=200, preview=None):
    version = version_of(page, language)
    followed = followed_revision(page, previous_mark) if previous_mark else None
    return render_template(
        "editor/version_edit.html", page=page, language=LANGUAGES[language], form=form, latest=latest,
        version=version, swedish=swedish, out_of_date=latest is not None and previous_mark != current_mark,
        followed=followed, preview=preview), status
