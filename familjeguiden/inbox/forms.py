"""Forms for the coordinator's case actions.

Every action form carries the case's ``version`` as it was when the page
was loaded; the operation refuses to act on a case that changed since.
Which choices a form offers depends on the case's state (``routes``
fills them from ``questions.lifecycle``), so a form never offers a move
the case cannot make.
"""

import datetime as dt
import re

from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..forms import OnceForm, SwedishForm
from ..i18n import _l
from .models import CONCERN_CHANNELS, CONCERN_STATES, OUTCOMES, REFERRAL_STATUSES

#: Ids and versions are database integers: anything larger is not one of ours.
ID_RANGE = NumberRange(min=1, max=2 ** 31 - 1)


def _id_field() -> IntegerField:
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(), ID_RANGE])


class CaseActionForm(SwedishForm):
    version = _id_field()


class AssignForm(CaseActionForm):
    assignee = SelectField(_l("Tilldela"), coerce=int, validators=[
        InputRequired(_l("Välj en kollega.")), NumberRange(min=1, max=2 ** 31 - 1, message=_l("Välj en kollega."))])


class ReplyForm(CaseActionForm, OnceForm):
    body = TextAreaField(_l("Svar till frågeställaren"), validators=[
        DataRequired(_l("Skriv svaret.")), Length(max=10000, message=_l("Svaret får vara högst 10 000 tecken."))])
    channel = SelectField(_l("Hur svaret når fram"), choices=[
        SelectChoice("arende", _l("Visa på ärendesidan (och mejla en avisering om e-post finns)")),
        SelectChoice("telefon", _l("Jag har ringt – logga samtalet på ärendesidan")),
    ])
    call_date = DateField(_l("Datum för samtalet"), validators=[Optional()])


class ReferForm(CaseActionForm):
    services = SelectMultipleField(_l("Verksamheter"), option_widget=CheckboxInput(),
                                   widget=ListWidget(prefix_label=False),
                                   validators=[DataRequired(_l("Välj minst en verksamhet."))])
    note = TextAreaField(_l("Meddelande till verksamheten"), validators=[
        DataRequired(_l("Skriv vad verksamheten behöver veta.")), Length(max=3000)],
        description=_l("Skriv bara det verksamheten behöver. Frågan skickas inte med."))
    share_contact = SelectField(_l("Vad skickas med"), choices=[
        SelectChoice("nej", _l("Bara ärendenummer och ämne")),
        SelectChoice("ja", _l("Också frågeställarens kontaktuppgifter (kräver samtycke)")),
    ])


class NoteForm(CaseActionForm):
    body = TextAreaField(_l("Intern anteckning"), validators=[DataRequired(_l("Skriv anteckningen.")),
                                                               Length(max=5000)],
                         description=_l("Syns bara för samordnare, aldrig för frågeställaren."))


class StatusForm(CaseActionForm):
    status = SelectField(_l("Ny status"), validators=[InputRequired(_l("Välj en status."))])


class CloseForm(CaseActionForm):
    outcome = SelectField(_l("Utfall"), choices=[SelectChoice("", _l("Välj utfall"))]
                          + [SelectChoice(k, v) for k, v in OUTCOMES.items()],
                          validators=[DataRequired(_l("Välj ett utfall innan du avslutar."))])


class RetryForm(CaseActionForm):
    email_id = _id_field()


class ReferralStatusForm(CaseActionForm):
    referral_id = _id_field()
    referral_status = SelectField(_l("Status för lotsningen"),
                                  choices=[SelectChoice(k, v) for k, v in REFERRAL_STATUSES.items()])


class ConcernForm(CaseActionForm):
    """Record (or prepare) an orosanmälan."""

    state = SelectField(_l("Läge"), choices=[SelectChoice(k, v) for k, v in CONCERN_STATES.items()])
    made_by = StringField(_l("Vem gör anmälan"), validators=[DataRequired(_l("Skriv vem som gör anmälan.")),
                                                             Length(max=200)])
    made_at = DateTimeLocalField(_l("När anmälan gjordes"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                 description=_l("Lämna tomt om den görs nu."))
    via = SelectField(_l("Hur"), choices=[SelectChoice(k, v) for k, v in CONCERN_CHANNELS.items()])
    recipient = StringField(_l("Till"), validators=[DataRequired(_l("Skriv vem anmälan går till.")),
                                                    Length(max=200)])
    shared = TextAreaField(_l("Vad som berättades i anmälan"), validators=[
        DataRequired(_l("Skriv kort vad som berättades.")), Length(max=5000)],
        description=_l("Bara det som behövs. Det här kommer med i sammanfattningen."))
    include_question = BooleanField(_l("Ta med frågans text i sammanfattningen"))
    include_contact = BooleanField(_l("Ta med frågeställarens kontaktuppgifter i sammanfattningen"))
    include_age = BooleanField(_l("Ta med barnets ålder i sammanfattningen"))
    reference = StringField(_l("Socialtjänstens diarienummer (om du fått ett)"),
                            validators=[Optional(), Length(max=100)])
    asker_note = TextAreaField(_l("Meddelande till frågeställaren (frivilligt)"), validators=[Optional(),
                                                                                             Length(max=2000)],
                               description=_l("Visas på ärendesidan. Lämna tomt om frågeställaren inte ska se "
                                              "något om anmälan."))


class ConcernDoneForm(CaseActionForm):
    report_id = _id_field()
    reference = StringField(_l("Diarienummer (om du fått ett)"), validators=[Optional(), Length(max=100)])


class BulkSpamForm(SwedishForm):
    codes = SelectMultipleField(_l("Ärenden"), option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                validators=[DataRequired(_l("Välj minst ett ärende."))], validate_choice=False)


class RecipientForm(SwedishForm):
    email = StringField(_l("E-post för lotsningar"), validators=[Optional(), Length(max=254)],
                        description=_l("Lämna tomt om verksamheten inte ska få lotsningar per e-post."))


DATE_FORMAT_MESSAGE = _l("Skriv datumet som år-månad-dag, till exempel 2026-01-31.")


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
        raise ValidationError(_l("Välj ett datum mellan år 2000 och 2100."))
    field.date = value


class StatisticsRangeForm(SwedishForm):
    """The period of the statistics page, read from the query string (GET, no CSRF)."""

    class Meta:
        csrf = False

    fran = StringField(_l("Från och med"), validators=[Optional(), Length(max=10), _iso_date],
                       description=_l("År-månad-dag, till exempel 2026-01-01."))
    till = StringField(_l("Till och med"), validators=[Optional(), Length(max=10), _iso_date],
                       description=_l("År-månad-dag, till exempel 2026-12-31."))

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The parsed dates after validation; None where the field was left empty."""
        return getattr(self.fran, "date", None), getattr(self.till, "date", None)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        start, end = self.dates()
        if start and end and start > end:
            self.till.errors.append(_l("Till-datumet kan inte vara före från-datumet."))
            return False
        return True


class ReplyTemplateForm(SwedishForm):
    topic = SelectField(_l("Ämne"), description=_l("Välj Alla ämnen för en mall som passar alla frågor."))
    language = SelectField(_l("Språk"), default="sv", description=_l(
        "Mallen visas för frågor som kom på det språket, och svenska mallar för alla frågor."))
    title = StringField(_l("Rubrik"), validators=[DataRequired(_l("Skriv en rubrik.")),
                                                  Length(max=120, message=_l("Rubriken får vara högst 120 tecken."))])
    body = TextAreaField(_l("Text"), validators=[DataRequired(_l("Skriv mallens text.")),
                                                 Length(max=10000, message=_l("Texten får vara högst 10 000 tecken."))])
