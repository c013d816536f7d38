"""The public question form, the follow-up form and the word-code form.

Labels, help texts and error messages are written for someone who may be
upset: they say what to do, not what went wrong in the code. There is no
consent box: a question is handled as a task in the public interest
(DESIGN.md, /om/personuppgifter); the only thing asked as consent is
whether a coordinator may pass the asker's contact details on to a service.
"""

from __future__ import annotations

import re

from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..forms import OnceForm, SwedishForm
from ..i18n import _l
from ..taxonomy import AGE_GROUPS, TOPICS
from ..text import is_email, normalise_phone
from .models import CONTACT_METHODS, RELATIONS

MESSAGE_MIN, MESSAGE_MAX = 10, 5000


def no_line_breaks(_form, field) -> None:
    if field.data and re.search(r"[\r\n\x00-\x1f\x7f]", field.data):
        raise ValidationError(_l("Skriv allt på en rad."))


def message_field(label, missing, length_message, description=None) -> TextAreaField:
    """A free-text field from the asker, with the same length rules everywhere."""
    return TextAreaField(label, description=description, validators=[
        DataRequired(missing), Length(MESSAGE_MIN, MESSAGE_MAX, length_message)])


class ContactWayChecks:
    """Checks for a form where a person leaves one way to reach them (the question, a sign-up).

    The chosen way must be filled in and well formed, and a wish for an
    interpreter must name a language. Each form says in ``missing_email`` and
    ``missing_phone`` what the alternative is, since their choices differ.
    """

    missing_email = _l("Skriv din e-postadress, eller välj ett annat sätt att få svar.")
    missing_phone = _l("Skriv ditt telefonnummer, eller välj ett annat sätt att få svar.")

    def validate_interpreter_language(self, field) -> None:
        if self.wants_interpreter.data and not (field.data or "").strip():
            raise ValidationError(_l("Skriv vilket språk tolken ska tala."))

    def validate_email(self, field) -> None:
        if self.contact_method.data != "e-post":
            return
        if not field.data:
            raise ValidationError(self.missing_email)
        if not is_email(field.data):
            raise ValidationError(_l("Skriv e-postadressen i formen namn@exempel.se."))

    def validate_phone(self, field) -> None:
        if self.contact_method.data != "telefon":
            return
        if not field.data:
            raise ValidationError(self.missing_phone)
        if normalise_phone(field.data) is None:
            raise ValidationError(_l("Skriv ett svenskt telefonnummer, till exempel 070-123 45 67."))


class QuestionForm(ContactWayChecks, OnceForm):
    message = message_field(
        _l("Din fråga"), _l("Skriv din fråga."),
        _l("Frågan behöver vara mellan %(min)d och %(max)s tecken.", min=MESSAGE_MIN, max="5 000"),
        _l("Berätta med egna ord. Du behöver inte skriva namn på barnet."))
    relation = RadioField(_l("Vem är du?"), choices=[SelectChoice(k, v) for k, v in RELATIONS.items()],
                          validators=[InputRequired(_l("Välj vem du är."))])
    age_group = SelectField(
        _l("Hur gammalt är barnet? (frivilligt)"),
        choices=[SelectChoice("", _l("Vill inte säga / vet inte"))]
        + [SelectChoice(k, v[2]) for k, v in AGE_GROUPS.items()],
        validators=[Optional()],
    )
    topic = SelectField(
        _l("Vad handlar frågan om? (frivilligt)"),
        choices=[SelectChoice("", _l("Vet inte / annat"))] + [SelectChoice(k, v) for k, v in TOPICS.items()],
        validators=[Optional()],
    )
    contact_method = RadioField(_l("Hur vill du få svar?"),
                                choices=[SelectChoice(k, v) for k, v in CONTACT_METHODS.items()],
                                validators=[InputRequired(_l("Välj hur du vill få svar."))])
    # No Optional() here: it would stop the chain before the inline validators
    # that make the field required when its contact method is chosen.
    email = StringField(_l("E-postadress"), validators=[Length(max=254), no_line_breaks],
                        description=_l("Vi skriver aldrig din fråga eller vårt svar i mejlet, bara att det finns "
                                       "något nytt att läsa."))
    phone = StringField(_l("Telefonnummer"), validators=[Length(max=30), no_line_breaks])
    phone_when = StringField(_l("När passar det att vi ringer? (frivilligt)"),
                             validators=[Optional(), Length(max=200), no_line_breaks])
    name = StringField(_l("Ditt förnamn (frivilligt)"), validators=[Optional(), Length(max=100), no_line_breaks])
    wants_interpreter = BooleanField(_l("Jag vill ha tolk"), description=_l(
        "Tolken är gratis och har tystnadsplikt. Kommunen bokar tolken."))
    interpreter_language = StringField(_l("Vilket språk?"), validators=[Length(max=60), no_line_breaks])
    share_consent = BooleanField(
        _l("Ja, ni får ge mina kontaktuppgifter till den verksamhet som kan hjälpa mig, så att de kan "
           "kontakta mig. (frivilligt – du kan ändra dig när som helst)"),
    )
    # Spam protection: a field people never see, and when the form was opened.
    website = StringField(_l("Lämna det här fältet tomt"), validators=[Optional()])
    started = HiddenField()
    urgent_seen = HiddenField()
    submit = SubmitField(_l("Skicka frågan"))



class FollowUpForm(OnceForm):
    message = message_field(_l("Skriv ett tillägg"), _l("Skriv ditt tillägg."),
                            _l("Tillägget behöver vara mellan %(min)d och %(max)s tecken.",
                               min=MESSAGE_MIN, max="5 000"))
    submit = SubmitField(_l("Skicka tillägget"))


class WordCodeForm(SwedishForm):
    """Open a case with its code and the four words from the receipt."""

    code = StringField(_l("Ärendenummer"), validators=[DataRequired(_l("Skriv ärendenumret.")), Length(max=30)],
                       description=_l("Det står på kvittot, till exempel FG-2026-0042."))
    words = StringField(_l("De fyra orden"), validators=[DataRequired(_l("Skriv de fyra orden.")), Length(max=120)],
                        description=_l("Med mellanslag mellan orden. Du behöver inte skriva å, ä och ö."))
    submit = SubmitField(_l("Öppna ärendet"))


class MailLinkForm(SwedishForm):
    """"Mejla länken till mig": send the case link once to an address that is not stored on the case."""

    email = StringField(_l("Din e-postadress"), validators=[DataRequired(_l("Skriv en e-postadress.")),
                                                            Length(max=254), no_line_breaks],
                        description=_l("Vi skickar bara länken och de fyra orden, inget om din fråga. "
                                       "Adressen sparas inte i ärendet."))
    submit = SubmitField(_l("Mejla länken till mig"))

    def validate_email(self, field) -> None:
        if not is_email(field.data):
            raise ValidationError(_l("Skriv e-postadressen i formen namn@exempel.se."))
