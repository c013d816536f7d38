"""Staff views for courses at ``/personal/kurser``: editors and course leaders.

Thin: every write is in ``staff_operations`` (with an audit line). The CSV
export holds only what a leader needs on a list of participants, and every
cell that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from ..accounts.access import staff_required
from ..accounts.operations import audit
from ..database import begin_write
from ..extensions import db
from ..i18n import _, _l
from ..pages.catalogue import get_catalogue
from ..timeutil import from_local, local_time
from . import staff_operations as ops
from .forms import MessageForm, OccurrenceForm
from .models import Occurrence, Signup
from .notices import course_title
from .operations import place_in_line
from .queries import occurrences_for_staff, people

staff_bp = Blueprint("courses_staff", __name__, url_prefix="/personal/kurser")
ROLES = ("editor", "course_leader")
ACTIONS = {"godkann", "neka", "upp", "ned", "ta-bort", "ringt", "tackat-ja"}


def _get(occurrence_id: int) -> Occurrence:
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None:
        abort(404)
    return occurrence


def _service_choices() -> list[tuple[str, str]]:
    return sorted(((s.slug, s.title) for s in get_catalogue().services), key=lambda pair: pair[1].lower())


def _form(occurrence: Occurrence | None = None) -> OccurrenceForm:
    form = OccurrenceForm(obj=occurrence) if request.method == "GET" else OccurrenceForm()
    form.slug.choices = _service_choices()
    if request.method == "GET" and occurrence is not None:
        form.opens_at.data = _local(occurrence.opens_at)
        form.closes_at.data = _local(occurrence.closes_at)
    return form


def _local(value):
    import datetime as dt

    return dt.datetime.strptime(local_time(value), "%Y-%m-%d %H:%M") if value else None


def _values(form: OccurrenceForm) -> dict:
    return {"slug": form.slug.data, "starts_on": form.starts_on.data, "ends_on": form.ends_on.data,
            "meetings": form.meetings.data, "schedule_text": (form.schedule_text.data or "").strip(),
            "place": (form.place.data or "").strip(), "seats": form.seats.data, "language": form.language.data,
            "interpreter_possible": form.interpreter_possible.data, "approval": form.approval.data,
            "closed": form.closed.data,
            "opens_at": from_local(form.opens_at.data) if form.opens_at.data else None,
            "closes_at": from_local(form.closes_at.data) if form.closes_at.data else None}


@staff_bp.get("")
@staff_required(*ROLES)
def index():
    past = request.args.get("alla") == "1"
    return render_template("courses/staff/index.html", rows=occurrences_for_staff(include_past=past), past=past,
                           title_of=course_title)


@staff_bp.get("/statistik")
@staff_required(*ROLES)
def statistics_page():
    from .queries import statistics

    return render_template("courses/staff/statistics.html", rows=statistics(), title_of=course_title)


@staff_bp.route("/ny", methods=["GET", "POST"])
@staff_required(*ROLES)
def create():
    form = _form()
    if request.method == "POST" and form.validate():
        occurrence = ops.create_occurrence(**_values(form))
        flash(_("Tillfället är skapat."), "success")
        return redirect(url_for("courses_staff.occurrence", occurrence_id=occurrence.id), code=303)
    return render_template("courses/staff/form.html", form=form, occurrence=None), 400 if form.errors else 200


@staff_bp.route("/<int:occurrence_id>/andra", methods=["GET", "POST"])
@staff_required(*ROLES)
def edit(occurrence_id: int):
    occurrence = _get(occurrence_id)
    form = _form(occurrence)
    if request.method == "POST" and form.validate():
        values = _values(form)
        values.pop("slug")
        ops.update_occurrence(occurrence, **values)
        flash(_("Ändringarna är sparade."), "success")
        return redirect(url_for("courses_staff.occurrence", occurrence_id=occurrence_id), code=303)
    return render_template("courses/staff/form.html", form=form, occurrence=occurrence), 400 if form.errors else 200


@staff_bp.get("/<int:occurrence_id>")
@staff_required(*ROLES)
def occurrence(occurrence_id: int):
    occurrence = _get(occurrence_id)
    begin_write()
    audit("kurs: deltagarlista läst", f"{occurrence.slug} #{occurrence.id}")
    db.session.commit()
    return _occurrence_page(occurrence, MessageForm(formdata=None))


def _occurrence_page(occurrence: Occurrence, message_form: MessageForm, status: int = 200):
    return render_template("courses/staff/occurrence.html", occurrence=occurrence, groups=people(occurrence),
                           title=course_title(occurrence.slug), message_form=message_form,
                           place_in_line=place_in_line), status


@staff_bp.post("/<int:occurrence_id>/anmalan/<int:signup_id>/<action>")
@staff_required(*ROLES)
def act(occurrence_id: int, signup_id: int, action: str):
    signup = db.session.get(Signup, signup_id)
    if signup is None or signup.occurrence_id != occurrence_id or action not in ACTIONS:
        abort(404)
    from ..forms import SwedishForm

    if not SwedishForm().validate():
        abort(400)
    done = {
        "godkann": lambda: ops.confirm_after_talk(signup),
        "neka": lambda: ops.decline(signup),
        "upp": lambda: ops.move(signup, -1),
        "ned": lambda: ops.move(signup, +1),
        "ta-bort": lambda: ops.remove(signup),
        "ringt": lambda: ops.call_done(signup),
        "tackat-ja": lambda: ops.accept_for(signup),
    }[action]()
    messages = {"godkann": _l("Godkänd efter samtalet."),
                "neka": _l("Personen har fått besked om att det inte blir någon plats."),
                "upp": _l("Flyttad upp i kön."), "ned": _l("Flyttad ner i kön."),
                "ta-bort": _l("Personen är borttagen. En ledig plats erbjuds nästa i kön."),
                "ringt": _l("Antecknat att du har ringt."), "tackat-ja": _l("Platsen är bekräftad.")}
    flash(str(messages[action]) if done else _("Det gick inte: personen har en annan status nu."),
          "success" if done else "warning")
    return redirect(url_for("courses_staff.occurrence", occurrence_id=occurrence_id), code=303)


@staff_bp.post("/<int:occurrence_id>/narvaro")
@staff_required(*ROLES)
def attendance(occurrence_id: int):
    occurrence = _get(occurrence_id)
    from ..forms import SwedishForm

    if not SwedishForm().validate():
        abort(400)
    marks: dict[int, set[int]] = {}
    for key in request.form:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "narvaro" and parts[1].isdigit() and parts[2].isdigit():
            marks.setdefault(int(parts[1]), set()).add(int(parts[2]))
    changed = ops.set_attendance(occurrence, marks)
    flash(_("Närvaron är sparad (%(changed)d ändrade).", changed=changed), "success")
    return redirect(url_for("courses_staff.occurrence", occurrence_id=occurrence_id, _anchor="narvaro"), code=303)


@staff_bp.post("/<int:occurrence_id>/meddelande")
@staff_required(*ROLES)
def message(occurrence_id: int):
    occurrence = _get(occurrence_id)
    form = MessageForm()
    if not form.validate():
        return _occurrence_page(occurrence, form, 400)
    mailed, without = ops.message_everyone(occurrence, form.message.data.strip(), form.include_queue.data)
    flash(_("Meddelandet ligger i utkorgen till %(mailed)d personer.", mailed=mailed)
          + (" " + _("%(without)d har bara telefon: ring dem.", without=without) if without else ""), "success")
    return redirect(url_for("courses_staff.occurrence", occurrence_id=occurrence_id), code=303)


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: ``=``, ``+``, ``-``, ``@``, tab and CR at the start get a ``'``."""
    text = "" if value is None else str(value)
    text = text.replace("\r", " ").replace("\n", " ")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@staff_bp.get("/<int:occurrence_id>/deltagare.csv")
@staff_required(*ROLES)
def export(occurrence_id: int):
    occurrence = _get(occurrence_id)
    groups = people(occurrence)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Status", "Plats i kön", "Namn", "E-post", "Telefon", "Barnets ålder", "Tolk", "Närvaro"])
    for signup in groups["deltar"] + groups["samtal"] + groups["ko"]:
        writer.writerow([safe_cell(v) for v in (
            signup.staff_label, place_in_line(signup) or "", signup.name, signup.email or "", signup.phone or "",
            signup.child_ages, signup.interpreter or "", " ".join(str(m) for m in signup.attended or []))])
    begin_write()
    audit("kurs: deltagarlista exporterad", f"{occurrence.slug} #{occurrence.id}")
    db.session.commit()
    filename = f"deltagare-{occurrence.slug}-{occurrence.starts_on.isoformat()}.csv"
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
