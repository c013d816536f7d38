"""Staff page editor: list, edit with preview, history with diffs, restore."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..accounts.access import staff_required
from ..extensions import db
from ..i18n import _
from ..pages import opening_hours
from ..pages.catalogue import Service
from ..pages.models import Page, PageRevision
from ..pages.operations import latest_revision
from ..pages.rendering import render_markdown
from ..timeutil import local_today, months_before
from . import diffs, operations
from .forms import NewPageForm, NoteOnlyForm, PageForm, RenameForm

bp = Blueprint("editor", __name__, url_prefix="/personal/sidor")
EDITORS = ("editor", "admin")


def _page_or_404(slug: str) -> Page:
    page = db.session.scalar(db.select(Page).where(Page.slug == slug))
    if page is None:
        abort(404)
    return page


def review_due(reviewed: str | None, today: dt.date | None = None) -> bool:
    """Not reviewed within REVIEW_INTERVAL_MONTHS calendar months (Swedish date)."""
    if not reviewed:
        return True
    today = today or local_today()
    return dt.date.fromisoformat(reviewed) < months_before(today, current_app.config["REVIEW_INTERVAL_MONTHS"])


def _index_problems() -> list[str]:
    """Unhealthy search index (stale or missing): editors must know."""
    problems = []
    for check in current_app.extensions.get("familjeguiden.health_checks", []):
        name, result, healthy = check()
        if not healthy:
            problems.append(name)
    return problems


@bp.get("/")
@staff_required(*EDITORS)
def index():
    rows = []
    for page in db.session.scalars(db.select(Page)).all():
        latest = latest_revision(page)
        shown = page.published_revision or latest
        reviewed = shown.front_matter.get("reviewed") if shown else None
        rows.append({"page": page, "latest": latest, "title": shown.title if shown else page.slug,
                     "reviewed": reviewed, "due": review_due(reviewed),
                     "has_draft": latest is not None and latest.id != page.published_revision_id})
    rows.sort(key=lambda r: (not r["due"], r["reviewed"] or "", r["title"].lower()))
    return render_template("editor/index.html", rows=rows, new_form=NewPageForm(formdata=None),
                           index_problems=_index_problems())


@bp.post("/ny")
@staff_required(*EDITORS)
def create():
    form = NewPageForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("editor.index"), code=303)
    try:
        page = operations.create_page(form.slug.data, form.title.data, current_user)
    except operations.EditError as error:
        flash(str(error), "error")
        return redirect(url_for("editor.index"), code=303)
    flash(_("Sidan är skapad som utkast. Fyll i uppgifterna och publicera."), "success")
    return redirect(url_for("editor.edit", slug=page.slug), code=303)


def _preview_service(page: Page, front_matter: dict, body: str) -> Service:
    return Service.from_parts(page.slug, 0, front_matter, body, render_markdown(body))


@bp.route("/<slug>", methods=["GET", "POST"])
@staff_required(*EDITORS)
def edit(slug: str):
    page = _page_or_404(slug)
    latest = latest_revision(page)
    form = PageForm()
    if request.method == "GET":
        form.fill_from(latest.front_matter, latest.body)
        form.base_revision.data = str(latest.number)
        return _render_edit(page, form, latest)

    action = request.form.get("atgard", "forhandsgranska")
    reviewed = (latest.front_matter.get("reviewed") if latest else None) or local_today().isoformat()
    valid = form.validate()  # field checks, then the content rules: all errors at once
    front_matter = form.front_matter_from(reviewed, previous=latest.front_matter if latest else None)
    if not valid:
        front_matter = None
    if action in ("spara", "publicera") and not (form.note.data or "").strip():
        form.note.errors.append(_("Skriv kort vad du har ändrat."))
        front_matter = None
    if front_matter is None:
        return _render_edit(page, form, latest, status=400)
    if action == "forhandsgranska":
        preview = _preview_service(page, front_matter, form.body.data)
        html = render_template("editor/preview.html", page=page, form=form, latest=latest, service=preview)
        return opening_hours.fill_open_status(html, preview.schedule, opening_hours.clock())
    base = int(form.base_revision.data) if (form.base_revision.data or "").isdigit() else None
    try:
        revision = operations.save(page, front_matter, form.body.data, current_user, form.note.data, base,
                                   go_live=action == "publicera")
    except operations.EditConflict as conflict:
        diff_url = url_for("editor.history", slug=slug, fran=base, till=conflict.latest.number)
        # The text is our own catalogue entry; Markup.format escapes what is put into it.
        message = Markup(_('Någon annan har sparat en nyare version (version {n}) medan du redigerade. '  # noqa: S704  # nosec B704
                           'Inget sparades. <a href="{url}">Se vad som ändrats</a> och gör om din ändring '
                           'på den nya versionen.'))
        flash(message.format(n=conflict.latest.number, url=diff_url), "error")
        return _render_edit(page, form, latest, status=409)
    flash(_("Version %(number)d är publicerad.", number=revision.number) if action == "publicera"
          else _("Version %(number)d är sparad som utkast.", number=revision.number), "success")
    return redirect(url_for("editor.edit", slug=page.slug), code=303)


def _render_edit(page: Page, form: PageForm, latest: PageRevision, status: int = 200):
    return render_template("editor/edit.html", page=page, form=form, latest=latest,
                           action_form=NoteOnlyForm(formdata=None), rename_form=RenameForm(formdata=None),
                           index_problems=_index_problems()), status


def _simple_action(slug: str, perform, done: str):
    page = _page_or_404(slug)
    if not NoteOnlyForm().validate():
        abort(400)
    try:
        perform(page)
    except operations.EditError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("editor.edit", slug=page.slug), code=303)


@bp.post("/<slug>/granskad")
@staff_required(*EDITORS)
def reviewed(slug: str):
    return _simple_action(slug, lambda p: operations.mark_reviewed(p, current_user),
                          _("Sidan är markerad som granskad."))


@bp.post("/<slug>/avpublicera")
@staff_required(*EDITORS)
def unpublish(slug: str):
    return _simple_action(slug, lambda p: operations.unpublish(p, current_user),
                          _("Sidan är avpublicerad och syns inte längre för allmänheten."))


@bp.post("/<slug>/publicera-igen")
@staff_required(*EDITORS)
def republish(slug: str):
    return _simple_action(slug, lambda p: operations.republish(p, current_user), _("Sidan är publicerad igen."))


@bp.post("/<slug>/byt-adress")
@staff_required(*EDITORS)
def rename(slug: str):
    page = _page_or_404(slug)
    form = RenameForm()
    if not form.validate():
        for error in form.slug.errors:
            flash(error, "error")
        return redirect(url_for("editor.edit", slug=slug), code=303)
    try:
        operations.rename(page, form.slug.data, current_user)
    except operations.EditError as error:
        flash(str(error), "error")
        return redirect(url_for("editor.edit", slug=slug), code=303)
    flash(_("Sidan har ny adress. Den gamla adressen /tjanster/%(slug)s leder hit.", slug=slug), "success")
    return redirect(url_for("editor.edit", slug=page.slug), code=303)


@bp.get("/<slug>/historik")
@staff_required(*EDITORS)
def history(slug: str):
    page = _page_or_404(slug)
    revisions = list(page.revisions)
    numbers = [r.number for r in revisions]
    to_number = request.args.get("till", type=int) or numbers[-1]
    from_number = request.args.get("fran", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    by_number = {r.number: r for r in revisions}
    if from_number not in by_number or to_number not in by_number:
        abort(404)
    old, new = by_number[from_number], by_number[to_number]
    return render_template("editor/history.html", page=page, revisions=list(reversed(revisions)),
                           fields=diffs.field_changes(old.front_matter, new.front_matter),
                           text=diffs.text_changes(old.body, new.body), from_number=from_number,
                           to_number=to_number, latest_number=numbers[-1])


def _revision_or_404(page: Page, number: int) -> PageRevision:
    old = db.session.scalar(db.select(PageRevision).where(PageRevision.page_id == page.id,
                                                          PageRevision.language == "sv",
                                                          PageRevision.number == number))
    if old is None:
        abort(404)
    return old


@bp.get("/<slug>/aterstall/<int:number>")
@staff_required(*EDITORS)
def confirm_restore(slug: str, number: int):
    """Restoring publishes at once on a published page: say what will happen, and ask."""
    page = _page_or_404(slug)
    old = _revision_or_404(page, number)
    latest = latest_revision(page)
    if latest.id == old.id:
        flash(_("Version %(number)d är redan den senaste versionen.", number=number), "error")
        return redirect(url_for("editor.history", slug=slug), code=303)
    return render_template("editor/confirm_restore.html", page=page, old=old, latest=latest,
                           fields=diffs.field_changes(latest.front_matter, old.front_matter),
                           text=diffs.text_changes(latest.body, old.body), form=NoteOnlyForm(formdata=None))


@bp.post("/<slug>/aterstall/<int:number>")
@staff_required(*EDITORS)
def restore(slug: str, number: int):
    page = _page_or_404(slug)
    old = _revision_or_404(page, number)
    return _simple_action(slug, lambda p: operations.restore(p, old, current_user),
                          _("Version %(number)d är återställd som en ny version.", number=number))
