"""Forms for account administration and for deleting a question on request."""

from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.credentials import MIN_PASSWORD_LENGTH
from ..accounts.models import ROLES
from ..forms import SwedishForm


def _roles_field() -> SelectMultipleField:
    return SelectMultipleField("Roller", choices=[SelectChoice(slug, label) for slug, label in ROLES.items()],
                               option_widget=CheckboxInput(),
                               widget=ListWidget(prefix_label=False),
                               validators=[DataRequired("Välj minst en roll.")],
                               description="Samordnare arbetar med inkorgen, redaktörer med sidorna, "
                                           "administratörer med konton och gallring.")


class CreateUserForm(SwedishForm):
    email = EmailField("E-postadress", validators=[DataRequired("Skriv e-postadressen."), Length(max=254)])
    name = StringField("Namn", validators=[DataRequired("Skriv namnet som kollegorna ser."), Length(max=120)])
    roles = _roles_field()
    password = PasswordField(
        "Första lösenord",
        validators=[DataRequired("Skriv ett första lösenord."),
                    Length(min=MIN_PASSWORD_LENGTH, max=200,
                           message=f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")],
        description=f"Minst {MIN_PASSWORD_LENGTH} tecken. Lämna det till personen på ett säkert sätt; "
                    "hen byter det under Mitt konto.")


class RolesForm(SwedishForm):
    roles = _roles_field()


class ConfirmDeleteForm(SwedishForm):
    confirm = BooleanField("Jag har kontrollerat ärendenumret och förstår att allt om ärendet raderas för "
                           "alltid och inte kan återställas.",
                           validators=[DataRequired("Kryssa i rutan för att bekräfta att ärendet ska raderas.")])
