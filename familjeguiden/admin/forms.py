"""Forms for account administration and for deleting a question on request."""

from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.credentials import MIN_PASSWORD_LENGTH
from ..accounts.models import ROLES
from ..forms import SwedishForm
from ..i18n import _l


def _roles_field() -> SelectMultipleField:
    return SelectMultipleField(_l("Roller"), choices=[SelectChoice(slug, label) for slug, label in ROLES.items()],
                               option_widget=CheckboxInput(),
                               widget=ListWidget(prefix_label=False),
                               validators=[DataRequired(_l("Välj minst en roll."))],
                               description=_l("Samordnare arbetar med inkorgen, redaktörer med sidorna, "
                                              "administratörer med konton och gallring."))


class CreateUserForm(SwedishForm):
    email = EmailField(_l("E-postadress"),
                       validators=[DataRequired(_l("Skriv e-postadressen.")), Length(max=254)])
    name = StringField(_l("Namn"),
                       validators=[DataRequired(_l("Skriv namnet som kollegorna ser.")), Length(max=120)])
    roles = _roles_field()
    password = PasswordField(
        _l("Första lösenord"),
        validators=[DataRequired(_l("Skriv ett första lösenord.")),
                    Length(min=MIN_PASSWORD_LENGTH, max=200,
                           message=_l("Lösenordet måste ha minst %(min)d tecken.", min=MIN_PASSWORD_LENGTH))],
        description=_l("Minst %(min)d tecken. Lämna det till personen på ett säkert sätt; "
                       "hen byter det under Mitt konto.", min=MIN_PASSWORD_LENGTH))


class RolesForm(SwedishForm):
    roles = _roles_field()


class ConfirmDeleteForm(SwedishForm):
    confirm = BooleanField(
        _l("Jag har kontrollerat ärendenumret och förstår att allt om ärendet raderas för alltid och inte kan "
           "återställas."),
        validators=[DataRequired(_l("Kryssa i rutan för att bekräfta att ärendet ska raderas."))])
