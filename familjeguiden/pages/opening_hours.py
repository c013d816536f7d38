"""Structured opening hours: the ``schedule:`` front matter and "Öppet nu".

The free-text ``hours:`` says what a person needs to know ("Telefontid
måndag–fredag 9.00–11.00, samtal efter överenskommelse"); ``schedule:``
says the fixed part of it in a form a program can use, so a service page
can say "Öppet nu" or "Stängt – öppnar tisdag 15.00" and open data can
publish HSDS schedules. An editor writes one rule per line group::

    schedule:
      - days: måndag-fredag      # a day, a range, a list or "vardagar"
        time: 9.00-16.00         # opens-closes, Swedish time
        note: telefontid         # optional: what the time is for
        monthly: första          # optional: only the first (andra, tredje, fjärde, sista) such day
        from: 2027-01-11         # optional: the first date the rule applies
        to: 2027-06-12           # optional: the last date

Swedish public holidays and the de facto ones (midsommarafton, julafton,
nyårsafton), from the same calendar as ``workdays``, are closed days.

The rules are normalised to the same shape an editor writes (``vardagar``
becomes ``måndag-fredag``), so a stored page can be written back to a file
unchanged. Times are wall-clock Swedish time: the UTC offset is added only
where a format needs one (HSDS), per daylight-saving period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..holiday_calendar import holidays_of
from ..timeutil import MONTHS, STOCKHOLM

DAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "sista": -1}
ORDINAL_NAMES = {number: word for word, number in ORDINALS.items()}
RULE_FIELDS = ("days", "time", "note", "monthly", "from", "to")
MAX_RULES = 20
NOTE_LIMIT = 60
#: How far ahead the page looks for the next opening (a monthly rule may be five weeks away).
LOOKAHEAD_DAYS = 40

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})
_DAY_LOOKUP = {name.translate(_FOLD): index for index, name in enumerate(DAY_NAMES)}
_GROUPS = {"vardagar": range(0, 5), "helger": range(5, 7), "alla dagar": range(0, 7)}
_TIME_RE = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[.:](\d{2}))?$")
_MARKER = "<!--fg:oppet-nu-->"


@dataclass(frozen=True)
class Rule:
    """One normalised ``schedule`` rule, ready for cheap per-request checks."""

    days: frozenset[int]            # 0 = Monday
    opens: dt.time
    closes: dt.time
    note: str = ""
    monthly: tuple[int, ...] = ()   # 1-4 = first to fourth, -1 = last such weekday of the month
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def applies_on(self, day: dt.date) -> bool:
        if day.weekday() not in self.days:
            return False
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        if not self.monthly:
            return True
        nth = (day.day - 1) // 7 + 1
        last = (day + dt.timedelta(days=7)).month != day.month
        return nth in self.monthly or (last and -1 in self.monthly)


@dataclass(frozen=True)
class OpenStatus:
    """Whether a service is open at a moment, and until when or from when."""

    is_open: bool
    today: dt.date
    day: dt.date | None = None      # closed: the day it opens next
    time: dt.time | None = None     # open: closing time; closed: opening time
    note: str = ""
    holiday: str | None = None      # closed today because of this holiday

    @property
    def text(self) -> str:
        """The sentence the service page shows, in the page's language."""
        from ..i18n import _

        note = f" ({self.note})" if self.note else ""
        if self.is_open:
            return _("Öppet nu%(note)s, till %(time)s", note=note, time=local_clock_text(self.time))
        when = _day_text(self.day, self.today)
        if self.holiday and _uses_swedish_names():
            closed = _("Stängt i dag, %(holiday)s", holiday=self.holiday.lower())
        elif self.holiday:
            closed = _("Stängt i dag, helgdag")
        else:
            closed = _("Stängt")
        return _("%(closed)s – öppnar %(when)s %(time)s%(note)s", closed=closed, when=when,
                 time=local_clock_text(self.time), note=note)


# --- Validation of the front matter ------------------------------------------


def validate_schedule(value, problem) -> list[dict]:
    """Check ``schedule:``; report through ``problem(field, message)``; return it normalised."""
    if not isinstance(value, list):
        problem("schedule", "ska vara en lista med regler, till exempel '- days: måndag-fredag' och "
                            "'time: 9.00-16.00' på raden under")
        return []
    if len(value) > MAX_RULES:
        problem("schedule", f"har {len(value)} regler, högst {MAX_RULES} tillåts")
        return []
    clean = []
    for number, item in enumerate(value, start=1):
        rule = _validate_rule(item, number, problem)
        if rule is not None:
            clean.append(rule)
    return clean


def _validate_rule(item, number: int, problem) -> dict | None:
    where = f"schedule[{number}]"
    if not isinstance(item, dict):
        problem(where, "ska ha fälten days och time, till exempel 'days: måndag-fredag' och 'time: 9.00-16.00'")
        return None
    ok = True
    for unknown in sorted(set(map(str, item)) - set(RULE_FIELDS)):
        problem(f"{where}.{unknown}", "okänt fält; tillåtna: " + ", ".join(RULE_FIELDS))
        ok = False
    clean: dict = {}
    days = _parse_days(item.get("days"))
    if isinstance(days, str):
        problem(f"{where}.days", days)
        ok = False
    else:
        clean["days"] = days_text(days)
    times = _parse_time(item.get("time"))
    if isinstance(times, str):
        problem(f"{where}.time", times)
        ok = False
    else:
        clean["time"] = f"{clock_text(times[0])}-{clock_text(times[1])}"
    note = item.get("note")
    if note is not None:
        if not isinstance(note, str) or not note.strip():
            problem(f"{where}.note", "ska vara en kort text, till exempel telefontid")
            ok = False
        elif len(note) > NOTE_LIMIT:
            problem(f"{where}.note", f"är {len(note)} tecken, högst {NOTE_LIMIT} tillåts")
            ok = False
        else:
            clean["note"] = " ".join(note.split())
    if item.get("monthly") is not None:
        monthly = _parse_monthly(item["monthly"])
        if isinstance(monthly, str):
            problem(f"{where}.monthly", monthly)
            ok = False
        else:
            clean["monthly"] = ", ".join(ORDINAL_NAMES[n] for n in monthly)
    for key in ("from", "to"):
        if item.get(key) is not None:
            day = _as_date(item[key])
            if day is None:
                problem(f"{where}.{key}", "ska vara ett datum i formen ÅÅÅÅ-MM-DD")
                ok = False
            else:
                clean[key] = day.isoformat()
    if "from" in clean and "to" in clean and clean["to"] < clean["from"]:
        problem(f"{where}.to", "slutdatumet ligger före startdatumet")
        ok = False
    return clean if ok else None


def _parse_days(value) -> frozenset[int] | str:
    """Days from Swedish text; a message (str) when it cannot be read."""
    hint = "ange dagar, till exempel måndag-fredag, tisdag eller måndag, torsdag"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if not isinstance(value, str) or not value.strip():
        return "fältet saknas: " + hint
    days: set[int] = set()
    for part in re.split(r",|\boch\b", value.lower()):
        part = " ".join(part.split())
        if not part:
            continue
        if part in _GROUPS:
            days.update(_GROUPS[part])
            continue
        ends = [p.strip() for p in re.split(r"\s*[-–]\s*", part)]
        if len(ends) > 2:
            return f"'{part}' kan inte läsas; {hint}"
        indexes = [_day_index(end) for end in ends]
        if None in indexes:
            return f"'{part}' är ingen veckodag; {hint}"
        if len(indexes) == 2 and indexes[0] > indexes[1]:
            return f"'{part}': börja med den tidigare dagen i veckan, till exempel måndag-fredag"
        days.update(range(indexes[0], indexes[-1] + 1))
    return frozenset(days) if days else "fältet saknas: " + hint


def _day_index(word: str) -> int | None:
    word = word.translate(_FOLD)
    if word.endswith("ar") and word[:-2] in _DAY_LOOKUP:  # tisdagar
        word = word[:-2]
    return _DAY_LOOKUP.get(word)


def _parse_time(value) -> tuple[dt.time, dt.time] | str:
    hint = "ange när det öppnar och stänger, till exempel 9.00-16.00"
    if value is None or (isinstance(value, str) and not value.strip()):
        return "fältet saknas: " + hint
    if not isinstance(value, str):
        return f"'{value}' kan inte läsas; {hint}"
    match = _TIME_RE.match(value.strip())
    if not match:
        return f"'{value}' kan inte läsas; {hint}"
    h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return f"'{value}': klockslaget finns inte (skriv 23.59 i stället för 24.00)"
    opens, closes = dt.time(h1, m1), dt.time(h2, m2)
    if closes <= opens:
        return f"'{value}': stängningstiden måste vara senare än öppningstiden samma dag"
    return opens, closes


def _parse_monthly(value) -> tuple[int, ...] | str:
    words = value if isinstance(value, list) else re.split(r",|\boch\b", str(value))
    numbers = []
    for word in words:
        word = str(word).strip().lower()
        if not word:
            continue
        number = ORDINALS.get(word)
        if number is None and word.lstrip("-").isdigit() and int(word) in ORDINAL_NAMES:
            number = int(word)
        if number is None:
            return f"'{word}' kan inte läsas; skriv första, andra, tredje, fjärde eller sista"
        if number not in numbers:
            numbers.append(number)
    if not numbers:
        return "skriv första, andra, tredje, fjärde eller sista"
    return tuple(sorted(numbers, key=lambda n: n if n > 0 else 9))


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def days_text(days) -> str:
    """Days as an editor writes them: runs of three or more as a range."""
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ", ".join(parts)


def clock_text(value: dt.time) -> str:
    """``9.00``, ``15.30``: Swedish clock times, as front matter and open data write them."""
    return f"{value.hour}.{value.minute:02d}"


def local_clock_text(value: dt.time) -> str:
    """A clock time as the page's language writes it: ``9.00`` in Swedish and Finnish, ``9:00`` else."""
    separator = "." if _uses_period_in_times() else ":"
    return f"{value.hour}{separator}{value.minute:02d}"


def _uses_period_in_times() -> bool:
    from ..languages import current

    return current().code in ("sv", "lattlast", "fi")


def _uses_swedish_names() -> bool:
    """Holiday names come from ``holiday_calendar`` in Swedish only."""
    from ..languages import current

    return current().code in ("sv", "lattlast")


# --- From stored front matter to rules --------------------------------------


def rules_from(schedule) -> tuple[Rule, ...]:
    """Normalised front matter (as stored) -> rules. The input is already valid."""
    rules = []
    for item in schedule or ():
        opens, closes = _parse_time(item["time"])
        rules.append(Rule(
            days=_parse_days(item["days"]),
            opens=opens,
            closes=closes,
            note=item.get("note", ""),
            monthly=_parse_monthly(item["monthly"]) if item.get("monthly") else (),
            valid_from=dt.date.fromisoformat(item["from"]) if item.get("from") else None,
            valid_to=dt.date.fromisoformat(item["to"]) if item.get("to") else None,
        ))
    return tuple(rules)


# --- Open or closed -----------------------------------------------------------


def holiday_on(day: dt.date) -> str | None:
    return holidays_of(day.year).get(day)


def intervals_on(rules, day: dt.date) -> list[tuple[dt.time, dt.time, str]]:
    """Opening intervals of ``day`` (none on a holiday), earliest first."""
    if holiday_on(day):
        return []
    return sorted((r.opens, r.closes, r.note) for r in rules if r.applies_on(day))


def status_at(rules, moment: dt.datetime) -> OpenStatus | None:
    """Open or closed at ``moment`` (aware); ``None`` when it never opens within the look-ahead."""
    if not rules:
        return None
    local = moment.astimezone(STOCKHOLM)
    today, now = local.date(), local.time().replace(tzinfo=None)
    todays = intervals_on(rules, today)
    current = [iv for iv in todays if iv[0] <= now < iv[1]]
    if current:
        until = max(iv[1] for iv in current)
        for opens, closes, _note in todays:  # back-to-back hours (9-16, 16-19) keep it open
            if opens <= until < closes:
                until = closes
        return OpenStatus(True, today, time=until, note=current[0][2])
    holiday = holiday_on(today) if any(r.applies_on(today) for r in rules) else None
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        for opens, _closes, note in intervals_on(rules, day):
            if offset or opens > now:
                return OpenStatus(False, today, day=day, time=opens, note=note, holiday=holiday)
    return None


def _day_text(day: dt.date, today: dt.date) -> str:
    """``i dag``, ``tisdag``, ``tisdag 6 januari``: in the page's language (Babel's CLDR day names)."""
    from flask_babel import format_date

    from ..i18n import _
    from ..languages import current

    delta = (day - today).days
    if delta == 0:
        return _("i dag")
    if _uses_swedish_names():
        name = DAY_NAMES[day.weekday()]
        return name if delta < 7 else f"{name} {day.day} {MONTHS[day.month - 1]}"
    if delta < 7:
        return format_date(day, "EEEE")
    return format_date(day, "EEEE d. MMMM" if current().code == "fi" else "EEEE d MMMM")


# --- The line on the service page ------------------------------------------------


def status_marker():
    """Where the cached page HTML gets the open/closed line (see ``fill_open_status``).

    The page HTML is cached per content generation, but "Öppet nu" changes
    by the minute: the template leaves this marker, and each request puts
    the current line in its place (one string replace). Marked-up content
    can never contain it: page bodies lose their comments when sanitised
    and every other text is escaped.
    """
    from markupsafe import Markup

    # Safe: a fixed constant of ours, no input in it.
    return Markup(_MARKER)  # noqa: S704  # nosec B704


def fill_open_status(html: str, rules, moment: dt.datetime) -> str:
    """Put the current open/closed line where the template left the marker."""
    if _MARKER not in html:
        return html
    return html.replace(_MARKER, status_line(rules, moment), 1)


def status_line(rules, moment: dt.datetime) -> str:
    """The line as HTML, kept until it can next change (an opening, a closing or midnight)."""
    return status_line_until(rules, moment)[0]


def status_line_until(rules, moment: dt.datetime) -> tuple[str, dt.datetime | None]:
    """The line as HTML and the first moment it may read differently (``None``: no rules, never).

    Keyed by the rules object (a service's, made once per content
    generation), so most requests cost one dictionary lookup and the cache
    holds a short line per service, never a page. The moment also bounds
    how long an HTTP cache may keep the page (``pages.http_cache``).
    """
    from ..languages import current

    if not rules:
        return "", None
    key = (id(rules), current().code)
    cached = _lines.get(key)
    if cached is not None and cached[3] is rules and cached[0] <= moment < cached[1]:
        return cached[2], cached[1]
    status = status_at(rules, moment)
    line = f'<p class="open-status"><strong>{_escape(status.text)}</strong></p>' if status else ""
    if len(_lines) >= _LINES_LIMIT:
        _lines.clear()
    until = _next_change(status, moment)
    _lines[key] = (moment, until, line, rules)
    return line, until


#: (id(rules), language) -> (computed at, valid until, line, the rules themselves: an id is only unique while they live)
_lines: dict[int, tuple] = {}
_LINES_LIMIT = 20_000


def _next_change(status: OpenStatus | None, moment: dt.datetime) -> dt.datetime:
    """The first moment the line may read differently: the next opening or closing, or midnight."""
    local = moment.astimezone(STOCKHOLM)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=STOCKHOLM)
    change = midnight
    if status is not None and (status.is_open or status.day == local.date()):
        change = min(change, dt.datetime.combine(local.date(), status.time, tzinfo=STOCKHOLM))
    return change


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def clock() -> dt.datetime:
    """Now, aware UTC. Tests replace this to look at the page at a chosen moment."""
    return dt.datetime.now(dt.UTC)
