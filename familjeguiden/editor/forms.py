"""The page editor's form: front matter as proper fields, Markdown as text.

The form only collects; ``front_matter_from`` turns it into the front
matter dict and runs the very same validation as ``flask content check``,
so a page that the editor accepts is a page the files would accept.
"""

from __future__ import annotations

import re

import yaml
from wtforms import DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import SwedishForm
from ..i18n import _, _l
from ..pages.content import validate_front_matter
from ..taxonomy import AUDIENCES, REGISTRATION, TOPICS
from ..text import SLUG_RE

#: front matter field (as ``content.py`` names it in problems) -> form field
PROBLEM_FIELDS = {
    "title": "title", "summary": "summary", "ages": "age_min", "topics": "topics", "audience": "audience",
    "organizer": "organizer", "cost": "cost", "contact": "phone", "contact.phone": "phone",
    "contact.email": "email", "contact.address": "address", "contact.web": "web", "hours": "hours",
    "how_to_start": "how_to_start", "course": "course_start", "course.next_start": "course_start",
    "course.registration": "course_registration", "keywords": "keywords", "reviewed": "note",
    "schedule": "schedule",
}
SCHEDULE_HINT = _l("Valfritt. Fasta öppettider, så att sidan kan visa \"Öppet nu\". En regel börjar med ett "
                   "streck: \"- days: måndag-fredag\", nästa rad \"  time: 9.00-16.00\", gärna \"  note: telefontid\".")


def _checkboxes(label: str, choices: dict) -> SelectMultipleField:
    return SelectMultipleField(label, choices=[SelectChoice(k, v) for k, v in choices.items()],
                               option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))


class PageForm(SwedishForm):
    title = StringField(_l("Rubrik"), description=_l("Högst 80 tecken. Det namn föräldrar känner igen."))
    summary = TextAreaField(_l("Sammanfattning"),
                            description=_l("En mening, högst 200 tecken. Visas i listor och sökträffar."))
    age_min = IntegerField(_l("Yngsta ålder"), validators=[Optional()])
    age_max = IntegerField(_l("Äldsta ålder"), validators=[Optional()])
    topics = _checkboxes(_l("Ämnen"), TOPICS)
    audience = _checkboxes(_l("För vem"), AUDIENCES)
    organizer = StringField(_l("Vem ordnar"))
    cost = StringField(_l("Kostnad"))
    phone = StringField(_l("Telefon"))
    email = StringField(_l("E-post"))
    address = StringField(_l("Adress"))
    web = StringField(_l("Webbadress"), description=_l("Börjar med https://"))
    hours = StringField(_l("Tider"))
    schedule = TextAreaField(_l("Öppettider som regler"), description=SCHEDULE_HINT)
    how_to_start = TextAreaField(_l("Så börjar du"))
    course_start = DateField(_l("Nästa kursstart (om det finns)"), validators=[Optional()])
    course_registration = SelectField(_l("Anmälan"), choices=[SelectChoice("", _l("Ingen kurs eller grupp"))]
                                      + [SelectChoice(k, v) for k, v in REGISTRATION.items()])
    keywords = StringField(_l("Sökord"), description=_l("Ord som föräldrar kan tänkas söka på, åtskilda med komma."))
    body = TextAreaField(_l("Text"), validators=[DataRequired(_l("Sidan behöver en text."))],
                         description=_l("Markdown: ## Rubrik, - punktlista, **fet**, [länktext](https://…)."))
    note = StringField(_l("Vad har du ändrat?"), description=_l("En kort anteckning som syns i historiken."))
    base_revision = HiddenField()

    def front_matter_from(self, reviewed: str, previous: dict | None = None) -> dict | None:
        """The validated front matter, or ``None`` with errors added to the fields.

        A form posted without the schedule field at all (an older tab, a
        script) keeps the ``previous`` revision's schedule instead of dropping it.
        """
        data = {
            "title": self.title.data, "summary": self.summary.data,
            "ages": [self.age_min.data, self.age_max.data] if self.age_min.data is not None or
            self.age_max.data is not None else None,
            "topics": self.topics.data or None, "audience": self.audience.data or None,
            "organizer": self.organizer.data, "cost": self.cost.data, "hours": self.hours.data,
            "how_to_start": self.how_to_start.data,
            "contact": {k: v for k, v in (("phone", self.phone.data), ("email", self.email.data),
                                          ("address", self.address.data), ("web", self.web.data)) if v},
            "keywords": [w.strip() for w in (self.keywords.data or "").split(",") if w.strip()],
            "reviewed": reviewed,
        }
        if self.course_start.data or self.course_registration.data:
            data["course"] = {k: v for k, v in (("next_start", self.course_start.data),
                                                ("registration", self.course_registration.data or None)) if v}
        problems: list[tuple[str, str]] = []
        schedule = self._schedule_data(problems)
        if not self.schedule.raw_data and previous:
            schedule = previous.get("schedule")
        if schedule:
            data["schedule"] = schedule
        clean = validate_front_matter({k: v for k, v in data.items() if v is not None},
                                      lambda field, message: problems.append((field, message)))
        for field_name, message in problems:
            field = getattr(self, _form_field(field_name))
            if not field.errors:  # one message per field is enough
                field.errors = list(field.errors) + [_with_rule(field_name, message)]
        return None if problems else clean

    def _schedule_data(self, problems: list) -> list | None:
        """The schedule text as YAML; a syntax error becomes a problem on that field."""
        text = (self.schedule.data or "").strip()
        if not text:
            return None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError:
            problems.append(("schedule", _("kan inte läsas. Skriv en regel per streck, som i exemplet.")))
            return None

    def fill_from(self, front_matter: dict, body: str) -> None:
        """Prefill from a stored revision."""
        contact = front_matter.get("contact", {})
        course = front_matter.get("course", {})
        ages = front_matter.get("ages") or [None, None]
        values = {
            "title": front_matter.get("title"), "summary": front_matter.get("summary"),
            "age_min": ages[0], "age_max": ages[1], "topics": front_matter.get("topics", []),
            "audience": front_matter.get("audience", []), "organizer": front_matter.get("organizer"),
            "cost": front_matter.get("cost"), "phone": contact.get("phone"), "email": contact.get("email"),
            "address": contact.get("address"), "web": contact.get("web"), "hours": front_matter.get("hours"),
            "how_to_start": front_matter.get("how_to_start"), "course_registration": course.get("registration", ""),
            "keywords": ", ".join(front_matter.get("keywords", [])), "body": body,
            "schedule": schedule_text(front_matter.get("schedule")),
        }
        for name, value in values.items():
            getattr(self, name).data = value
        if course.get("next_start"):
            import datetime as dt

            self.course_start.data = dt.date.fromisoformat(course["next_start"])


def schedule_text(schedule) -> str:
    """Stored rules as the YAML an editor writes (the same as in the files)."""
    if not schedule:
        return ""
    return yaml.safe_dump(schedule, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def _form_field(field_name: str) -> str:
    """``schedule[2].time`` -> ``schedule``; unknown names land on the title."""
    return PROBLEM_FIELDS.get(field_name) or PROBLEM_FIELDS.get(field_name.split("[")[0].split(".")[0], "title")


#: The schedule's rule fields as the hint above the field names them.
RULE_PARTS = {"days": _l("dagar"), "time": _l("tid"), "note": _l("anteckning"), "monthly": _l("veckor i månaden"),
              "from": _l("från"), "to": _l("till")}


def _with_rule(field_name: str, message: str) -> str:
    """A problem in the schedule says where it is: "Regel 2, tid: ..." (the message itself is the validator's)."""
    rule = re.match(r"^schedule\[(\d+)\]\.?(\w*)", field_name)
    if rule:
        part = RULE_PARTS.get(rule.group(2), rule.group(2))
        where = _("Regel %(number)s, %(part)s", number=rule.group(1), part=part) if part else \
            _("Regel %(number)s", number=rule.group(1))
        return f"{where}: {message}"
    return message


class NewPageForm(SwedishForm):
    slug = StringField(_l("Adress (slug)"), validators=[
        DataRequired(_l("Skriv en adress.")), Length(max=80),
        Regexp(SLUG_RE.pattern, message=_l("Bara a–z, 0–9 och bindestreck, till exempel ny-grupp."))],
        description=_l("Blir /tjanster/<adress>. Använd små bokstäver utan å, ä, ö."))
    title = StringField(_l("Rubrik"), validators=[DataRequired(_l("Skriv en rubrik.")), Length(max=80)])


class RenameForm(SwedishForm):
    slug = NewPageForm.slug


class NoteOnlyForm(SwedishForm):
    note = StringField(_l("Anteckning"), validators=[Optional(), Length(max=200)])
