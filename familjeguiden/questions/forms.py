"""The public question form and the follow-up form.

Labels, help texts and error messages are Swedish and written for someone
who may be upset: they say what to do, not what went wrong in the code.
"""

from __future__ import annotations

import re

from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..forms import SwedishForm
from ..taxonomy import AGE_GROUPS, TOPICS
from .models import CONTACT_METHODS, RELATIONS

MESSAGE_MIN, MESSAGE_MAX = 10, 5000
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def normalise_phone(raw: str) -> str | None:
    """A Swedish phone number as ``+46701740605``, or ``None`` if it is not one.

    Accepts spaces, hyphens, parentheses and the forms 070..., +4670...,
    004670...; the result has 7-12 digits after the country code.
    """
    digits = re.sub(r"[\s\-()./]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+46"):
        national = digits[3:].lstrip("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if not national.isdigit() or not 7 <= len(national) <= 12:
        return None
    return "+46" + national


def no_line_breaks(_form, field) -> None:
    if field.data and re.search(r"[\r\n\x00-\x1f\x7f]", field.data):
        raise ValidationError("Skriv allt på en rad.")


def message_field(label: str, missing: str, noun: str, description: str | None = None) -> TextAreaField:
    """A free-text field from the asker, with the same length rules everywhere."""
    return TextAreaField(label, description=description, validators=[
        DataRequired(missing),
        Length(MESSAGE_MIN, MESSAGE_MAX,
               f"{noun} behöver vara mellan {MESSAGE_MIN} och {MESSAGE_MAX:,} tecken.".replace(",", " ")),
    ])


class QuestionForm(SwedishForm):
    message = message_field("Din fråga", "Skriv din fråga.", "Frågan",
                            "Berätta med egna ord. Du behöver inte skriva namn på barnet.")
    relation = RadioField("Vem är du?", choices=[SelectChoice(k, v) for k, v in RELATIONS.items()],
                          validators=[InputRequired("Välj vem du är.")])
    age_group = SelectField(
        "Hur gammalt är barnet? (frivilligt)",
        choices=[SelectChoice("", "Vill inte säga / vet inte")]
        + [SelectChoice(k, v[2]) for k, v in AGE_GROUPS.items()],
        validators=[Optional()],
    )
    topic = SelectField(
        "Vad handlar frågan om? (frivilligt)",
        choices=[SelectChoice("", "Vet inte / annat")] + [SelectChoice(k, v) for k, v in TOPICS.items()],
        validators=[Optional()],
    )
    contact_method = RadioField("Hur vill du få svar?",
                                choices=[SelectChoice(k, v) for k, v in CONTACT_METHODS.items()],
                                validators=[InputRequired("Välj hur du vill få svar.")])
    # No Optional() here: it would stop the chain before the inline validators
    # that make the field required when its contact method is chosen.
    email = StringField("E-postadress", validators=[Length(max=254), no_line_breaks],
                        description="Vi skriver aldrig din fråga eller vårt svar i mejlet, bara att det finns "
                                    "något nytt att läsa.")
    phone = StringField("Telefonnummer", validators=[Length(max=30), no_line_breaks])
    phone_when = StringField("När passar det att vi ringer? (frivilligt)",
                             validators=[Optional(), Length(max=200), no_line_breaks])
    name = StringField("Ditt förnamn (frivilligt)", validators=[Optional(), Length(max=100), no_line_breaks])
    share_consent = BooleanField(
        "Ni får ge mina kontaktuppgifter till den verksamhet som kan hjälpa mig, så att de kan kontakta mig. "
        "(frivilligt)",
    )
    consent = BooleanField(
        "Jag har läst hur Familjeguiden hanterar mina uppgifter och går med på det.",
        validators=[DataRequired("Du behöver godkänna hur vi hanterar dina uppgifter för att kunna skicka.")],
    )
    # Spam protection: a field people never see, and when the form was opened.
    website = StringField("Lämna det här fältet tomt", validators=[Optional()])
    started = HiddenField()
    urgent_seen = HiddenField()
    submit = SubmitField("Skicka frågan")

    def validate_email(self, field) -> None:
        if self.contact_method.data != "e-post":
            return
        if not field.data:
            raise ValidationError("Skriv din e-postadress, eller välj ett annat sätt att få svar.")
        if not EMAIL_RE.match(field.data.strip()):
            raise ValidationError("Skriv e-postadressen i formen namn@exempel.se.")

    def validate_phone(self, field) -> None:
        if self.contact_method.data != "telefon":
            return
        if not field.data:
            raise ValidationError("Skriv ditt telefonnummer, eller välj ett annat sätt att få svar.")
        if normalise_phone(field.data) is None:
            raise ValidationError("Skriv ett svenskt telefonnummer, till exempel 070-123 45 67.")


class FollowUpForm(SwedishForm):
    message = message_field("Skriv ett tillägg", "Skriv ditt tillägg.", "Tillägget")
    submit = SubmitField("Skicka tillägget")
