"""Forms for staff login, two-factor and password change."""

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import SwedishForm
from ..i18n import _l
from .credentials import MIN_PASSWORD_LENGTH


class LoginForm(SwedishForm):
    email = StringField(_l("E-postadress"),
                        validators=[DataRequired(_l("Skriv din e-postadress.")), Length(max=254)])
    password = PasswordField(_l("Lösenord"),
                             validators=[DataRequired(_l("Skriv ditt lösenord.")), Length(max=200)])


class CodeForm(SwedishForm):
    code = StringField(_l("Kod"), validators=[DataRequired(_l("Skriv koden.")), Length(max=20)],
                       description=_l("Sex siffror från din app, eller en av dina reservkoder."))


class PasswordChangeForm(SwedishForm):
    current = PasswordField(_l("Nuvarande lösenord"),
                            validators=[DataRequired(_l("Skriv ditt nuvarande lösenord."))])
    new = PasswordField(_l("Nytt lösenord"),
                        validators=[DataRequired(_l("Skriv ett nytt lösenord.")), Length(max=200)],
                        description=_l("Minst %(min)d tecken. En mening med några ord är lätt att minnas och "
                                       "svår att gissa.", min=MIN_PASSWORD_LENGTH))
