"""The statistics page and its CSV download. Counts only, never case content."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template, request

from ..accounts.access import staff_required
from ..timeutil import local_today
from . import statistics
from .forms import StatisticsRangeForm
from .routes import bp

STAFF_WITH_STATISTICS = ("coordinator", "admin")


def _period() -> tuple[StatisticsRangeForm, statistics.DateRange | None]:
    """The range asked for in ``?fran=&till=`` (defaults: the last 12 months), or None if invalid."""
    form = StatisticsRangeForm(formdata=request.args)
    if not form.validate():
        return form, None
    default = statistics.default_range(local_today())
    start, end = form.dates()
    start = start or default.start
    end = end or (default.end if start <= default.end else start)
    form.fran.data, form.till.data = start.isoformat(), end.isoformat()
    return form, statistics.DateRange(start, end)


@bp.get("/personal/statistik", endpoint="statistics")
@staff_required(*STAFF_WITH_STATISTICS)
def statistics_page():
    form, period = _period()
    if period is None:
        return render_template("inbox/statistics.html", form=form, stats=None), 400
    return render_template("inbox/statistics.html", form=form, stats=statistics.compute(period))


@bp.get("/personal/statistik.csv")
@staff_required(*STAFF_WITH_STATISTICS)
def statistics_csv():
    form, period = _period()
    if period is None:
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return Response(errors, 400, mimetype="text/plain")
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(
        statistics.csv_rows(statistics.compute(period)))
    filename = f"familjeguiden-statistik-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
