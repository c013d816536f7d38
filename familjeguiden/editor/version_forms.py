"""The form for a language version of a service page.

A version holds only what is written in its language (title, summary, the
free-text facts, keywords, the text); ages, topics, contact details and
dates come from the Swedish page. The form collects, and
``pages.versions.check_version_fields`` – the same rules as
``flask content check`` for ``<slug>.<lang>.md`` – decides.
"""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from ..forms import SwedishForm
from ..i18n import _l

#: Version field -> form field, for the problems the rules report.
PROBLEM_FIELDS = {"title": "title", "summary": "summary", "organizer": "organizer", "cost": "cost",
                  "hours": "hours", "how_to_start": "how_to_start", "keywords": "keywords", "text": "body",
                  "status": "status"}


class VersionForm(SwedishForm):
    title = StringField(_l("Rubrik"), description=_l("Högst 80 tecken, på språket."))
    summary = TextAreaField(_l("Sammanfattning"), description=_l("En mening, högst 200 tecken."))
    organizer = StringField(_l("Vem ordnar"))
    cost = StringField(_l("Kostnad"))
    hours = StringField(_l("Tider"))
    how_to_start = TextAreaField(_l("Så börjar du"))
    keywords = StringField(_l("Sökord"), description=_l(
        "Ord som föräldrar på språket kan tänkas söka på, åtskilda med komma."))
    body = TextAreaField(_l("Text"), validators=[DataRequired(_l("Sidan behöver en text."))],
                         description=_l("Markdown som på den svenska sidan. Länkar till andra sidor leder till "
                                        "samma språk av sig själva."))
    status = SelectField(_l("Granskning"), choices=[
        SelectChoice("ej-granskad", _l("Inte granskad av en översättare (sidan säger det)")),
        SelectChoice("granskad", _l("Granskad av en översättare"))])
    follows_current = BooleanField(_l("Översättningen stämmer med den svenska sidan som den ser ut nu"),
                                   description=_l("Kryssa i när du har jämfört med den svenska texten. Annars "
                                                  "visar den publika sidan att översättningen kan vara inaktuell."))
    note = StringField(_l("Vad har du ändrat?"), description=_l("En kort anteckning som syns i historiken."))
    base_revision = HiddenField()

    def fill_from(self, front_matter: dict, body: str, up_to_date: bool) -> None:
        """Prefill from the version's latest revision (or the Swedish texts, for a new version)."""
        for name in ("title", "summary", "organizer", "cost", "hours", "how_to_start"):
            getattr(self, name).data = front_matter.get(name)
        self.keywords.data = ", ".join(front_matter.get("keywords", []))
        self.body.data = body
        self.status.data = front_matter.get("status", "ej-granskad")
        self.follows_current.data = up_to_date

    def version_data(self, previous_mark: str | None, current_mark: str, reviewed: str) -> dict:
        """The front matter to check: ``translation_of`` is the current fingerprint only if ticked."""
        data = {name: (getattr(self, name).data or "").strip() or None
                for name in ("title", "summary", "organizer", "cost", "hours", "how_to_start")}
        data = {key: value for key, value in data.items() if value is not None or key in ("title", "summary")}
        data["keywords"] = [word.strip() for word in (self.keywords.data or "").split(",") if word.strip()]
        data["status"] = self.status.data
        data["translation_of"] = current_mark if self.follows_current.data else (previous_mark or "0" * 16)
        data["reviewed"] = reviewed
        return data

    def show_problems(self, problems) -> None:
        """Each problem next to its field (the rules speak of front matter fields)."""
        for problem in problems:
            field = getattr(self, PROBLEM_FIELDS.get(problem.field, "body"))
            message = problem.problem[:1].upper() + problem.problem[1:]
            field.errors = list(field.errors) + [message]
