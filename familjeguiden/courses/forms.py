"""The public sign-up form, and the staff form for an occurrence.

The sign-up asks for what the leader needs and nothing more: a name, one
way of contact, the children's ages, an interpreter if wanted, and an
optional note with a warning not to write sensitive details. There is no
consent box: sign-up is handled as a task in the public interest, and the
privacy notice on the page says so (information, not a question).
"""

from __future__ import annotations

import re

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import OnceForm, SwedishForm
from ..i18n import _l
from ..languages import FULL, LANGUAGES
from ..questions.forms import ContactWayChecks, no_line_breaks
from ..taxonomy import OLDEST, YOUNGEST

CONTACT_CHOICES = (("e-post", _l("E-post – vi mejlar dig")), ("telefon", _l("Telefon – vi ringer eller sms:ar dig")))


def read_ages(text: str | None) -> list[int] | None:
    """``"4 och 7"``, ``"4, 7 år"`` -> ``[4, 7]``; ``None`` when there is no age or one out of range."""
    numbers = [int(n) for n in re.findall(r"\d+", text or "")]
    if not numbers or len(numbers) > 10 or any(not YOUNGEST <= n <= OLDEST for n in numbers):
        return None
    return numbers


class SignupForm(ContactWayChecks, OnceForm):
    missing_email = _l("Skriv din e-postadress, eller välj telefon.")
    missing_phone = _l("Skriv ditt telefonnummer, eller välj e-post.")

    name = StringField(_l("Ditt namn"), validators=[DataRequired(_l("Skriv ditt namn.")), Length(max=100),
                                                    no_line_breaks],
                       description=_l("Förnamn räcker."))
    contact_method = RadioField(_l("Hur når vi dig?"), choices=[SelectChoice(k, v) for k, v in CONTACT_CHOICES],
                                validators=[InputRequired(_l("Välj hur vi når dig."))])
    email = StringField(_l("E-postadress"), validators=[Length(max=254), no_line_breaks],
                        description=_l("Vi skickar bara besked om din plats och en länk, inget annat."))
    phone = StringField(_l("Telefonnummer"), validators=[Length(max=30), no_line_breaks])
    child_ages = StringField(_l("Hur gammalt är barnet?"), validators=[Length(max=60), no_line_breaks],
                             description=_l("Skriv åldern i år. Har du flera barn: skriv alla åldrar, "
                                            "till exempel 4 och 7."))
    wants_interpreter = BooleanField(_l("Jag vill ha tolk"), description=_l(
        "Tolken är gratis och har tystnadsplikt. Kommunen bokar tolken."))
    interpreter_language = StringField(_l("Vilket språk?"), validators=[Length(max=60), no_line_breaks])
    note = TextAreaField(_l("Vill du berätta något för kursledaren? (frivilligt)"),
                         validators=[Optional(), Length(max=1000, message=_l("Skriv högst 1 000 tecken."))],
                         description=_l("Till exempel om du behöver barnvakt eller har svårt med vissa tider. "
                                        "Skriv inte känsliga uppgifter, som hälsa eller vad som har hänt i "
                                        "familjen. Det pratar ni om i stället."))
    website = StringField(_l("Lämna det här fältet tomt"), validators=[Optional()])
    submit = SubmitField(_l("Anmäl mig"))

    def validate_child_ages(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_l("Skriv hur gammalt barnet är."))
        if read_ages(field.data) is None:
            raise ValidationError(_l("Skriv åldern som en siffra mellan %(low)d och %(high)d, till exempel 7.",
                                     low=YOUNGEST, high=OLDEST))



class ConfirmForm(SwedishForm):
    """A button that needs a second press (cancel), or one press (accept): CSRF only."""


class OccurrenceForm(SwedishForm):
    """Staff: create or change an occurrence (Swedish only)."""

    slug = SelectField(_l("Tjänst"), validators=[InputRequired(_l("Välj tjänst."))])
    starts_on = DateField(_l("Första träffen"), validators=[InputRequired(_l("Skriv datumet som år-månad-dag."))])
    ends_on = DateField(_l("Sista träffen (frivilligt)"), validators=[Optional()])
    meetings = IntegerField(_l("Antal träffar (frivilligt)"), validators=[Optional(), NumberRange(1, 100)])
    schedule_text = StringField(_l("Veckodag och tid"), validators=[Optional(), Length(max=200), no_line_breaks],
                                description=_l("Till exempel Tisdagar 17.30–20.00."))
    place = StringField(_l("Plats"), validators=[Optional(), Length(max=200), no_line_breaks])
    seats = IntegerField(_l("Antal platser"), validators=[InputRequired(_l("Skriv antal platser.")),
                                                          NumberRange(1, 1000, _l("Mellan 1 och 1 000 platser."))])
    language = SelectField(_l("Kursen hålls på"),
                           choices=[SelectChoice(code, LANGUAGES[code].swedish_name) for code in FULL
                                    if code != "lattlast"])
    interpreter_possible = BooleanField(_l("Tolk kan bokas"))
    approval = BooleanField(_l("Samtal först: kursledaren godkänner varje anmälan"))
    opens_at = DateTimeLocalField(_l("Anmälan öppnar (frivilligt)"), format="%Y-%m-%dT%H:%M",
                                  validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Anmälan stänger (frivilligt)"), format="%Y-%m-%dT%H:%M",
                                   validators=[Optional()])
    closed = BooleanField(_l("Stäng anmälan nu"))
    submit = SubmitField(_l("Spara"))

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Sista träffen kan inte vara före den första."))

    def validate_closes_at(self, field) -> None:
        if field.data and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Anmälan måste stänga efter att den öppnat."))


class MessageForm(SwedishForm):
    message = TextAreaField(_l("Meddelande"), validators=[DataRequired(_l("Skriv meddelandet.")),
                                                          Length(max=3000)],
                            description=_l("Skickas med e-post till alla med plats. Skriv inget om enskilda "
                                           "personer."))
    include_queue = BooleanField(_l("Skicka också till dem som står i kö eller väntar på samtal"))
    submit = SubmitField(_l("Skicka till alla"))


class SignupCodeForm(SwedishForm):
    """Open a sign-up with its code and the four words from the receipt."""

    code = StringField(_l("Anmälningsnummer"), validators=[DataRequired(_l("Skriv anmälningsnumret.")),
                                                          Length(max=30)],
                       description=_l("Det står på kvittot, till exempel KURS-0012."))
    words = StringField(_l("De fyra orden"), validators=[DataRequired(_l("Skriv de fyra orden.")), Length(max=120)],
                        description=_l("Med mellanslag mellan orden. Du behöver inte skriva å, ä och ö."))
    submit = SubmitField(_l("Öppna anmälan"))
