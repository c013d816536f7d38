"""Forms for staff login, two-factor and password change."""

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import SwedishForm


class LoginForm(SwedishForm):
    email = StringField("E-postadress", validators=[DataRequired("Skriv din e-postadress."), Length(max=254)])
    password = PasswordField("Lösenord", validators=[DataRequired("Skriv ditt lösenord."), Length(max=200)])


class CodeForm(SwedishForm):
    code = StringField("Kod", validators=[DataRequired("Skriv koden."), Length(max=20)],
                       description="Sex siffror från din app, eller en av dina reservkoder.")


class PasswordChangeForm(SwedishForm):
    current = PasswordField("Nuvarande lösenord", validators=[DataRequired("Skriv ditt nuvarande lösenord.")])
    new = PasswordField("Nytt lösenord", validators=[DataRequired("Skriv ett nytt lösenord."), Length(max=200)],
                        description="Minst 12 tecken. En mening med några ord är lätt att minnas och svår att gissa.")
