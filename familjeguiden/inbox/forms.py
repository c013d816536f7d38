"""Forms for the coordinator's case actions.

Every action form carries the case's ``version`` as it was when the page
was loaded; the operation refuses to act on a case that changed since.
"""

import datetime as dt
import re

from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..forms import SwedishForm
from ..questions.models import STATUSES
from .models import OUTCOMES, REFERRAL_STATUSES


class CaseActionForm(SwedishForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class AssignForm(CaseActionForm):
    assignee = SelectField("Tilldela", coerce=int, validators=[InputRequired("Välj en kollega.")])


class ReplyForm(CaseActionForm):
    body = TextAreaField("Svar till frågeställaren", validators=[
        DataRequired("Skriv svaret."), Length(max=10000, message="Svaret får vara högst 10 000 tecken.")])
    channel = SelectField("Hur svaret når fram", choices=[
        SelectChoice("arende", "Visa på ärendesidan (och mejla en avisering om e-post finns)"),
        SelectChoice("telefon", "Jag har ringt – logga samtalet på ärendesidan"),
    ])
    call_date = DateField("Datum för samtalet", validators=[Optional()])


class ReferForm(CaseActionForm):
    services = SelectMultipleField("Verksamheter", option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                   validators=[DataRequired("Välj minst en verksamhet.")])
    note = TextAreaField("Meddelande till verksamheten", validators=[
        DataRequired("Skriv vad verksamheten behöver veta."), Length(max=3000)],
        description="Skriv bara det verksamheten behöver. Frågan skickas inte med.")
    share_contact = SelectField("Vad skickas med", choices=[
        SelectChoice("nej", "Bara ärendenummer och ämne"),
        SelectChoice("ja", "Också frågeställarens kontaktuppgifter (kräver samtycke)"),
    ])


class NoteForm(CaseActionForm):
    body = TextAreaField("Intern anteckning", validators=[DataRequired("Skriv anteckningen."), Length(max=5000)],
                         description="Syns bara för samordnare, aldrig för frågeställaren.")


class StatusForm(CaseActionForm):
    status = SelectField("Ny status", choices=[SelectChoice(k, v) for k, v in STATUSES.items()
                                               if k not in ("avslutad",)])


class CloseForm(CaseActionForm):
    outcome = SelectField("Utfall", choices=[SelectChoice(k, v) for k, v in OUTCOMES.items()])


class RetryForm(CaseActionForm):
    email_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ReferralStatusForm(CaseActionForm):
    referral_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    referral_status = SelectField("Status för lotsningen",
                                  choices=[SelectChoice(k, v) for k, v in REFERRAL_STATUSES.items()])


DATE_FORMAT_MESSAGE = "Skriv datumet som år-månad-dag, till exempel 2026-01-31."


def _iso_date(_form, field) -> None:
    """Accept only YYYY-MM-DD within a sane span; keep the parsed date on the field."""
    raw = (field.data or "").strip()
    field.date = None
    if not raw:
        return
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(DATE_FORMAT_MESSAGE) from None
    if not 2000 <= value.year <= 2100:
        raise ValidationError("Välj ett datum mellan år 2000 och 2100.")
    field.date = value


class StatisticsRangeForm(SwedishForm):
    """The period of the statistics page, read from the query string (GET, no CSRF)."""

    class Meta:
        csrf = False

    fran = StringField("Från och med", validators=[Optional(), Length(max=10), _iso_date],
                       description="År-månad-dag, till exempel 2026-01-01.")
    till = StringField("Till och med", validators=[Optional(), Length(max=10), _iso_date],
                       description="År-månad-dag, till exempel 2026-12-31.")

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The parsed dates after validation; None where the field was left empty."""
        return getattr(self.fran, "date", None), getattr(self.till, "date", None)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        start, end = self.dates()
        if start and end and start > end:
            self.till.errors.append("Till-datumet kan inte vara före från-datumet.")
            return False
        return True


class ReplyTemplateForm(SwedishForm):
    topic = SelectField("Ämne", description="Välj Alla ämnen för en mall som passar alla frågor.")
    title = StringField("Rubrik", validators=[DataRequired("Skriv en rubrik."),
                                              Length(max=120, message="Rubriken får vara högst 120 tecken.")])
    body = TextAreaField("Text", validators=[DataRequired("Skriv mallens text."),
                                             Length(max=10000, message="Texten får vara högst 10 000 tecken.")])
