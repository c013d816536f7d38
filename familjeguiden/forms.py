"""Base forms: WTForms' built-in messages in Swedish, no NUL characters, one-time keys.

Flask-WTF would look for Flask-Babel to translate WTForms' own messages;
the Swedish catalogue that ships with WTForms is used directly
(``WTF_I18N_ENABLED = False`` in the config hands the choice to ``Meta``).

Every text a form receives loses its NUL characters before validation, so a
length limit counts what will be stored (see ``database.without_nul``).

``OnceForm`` carries a one-time key (see ``submissions``): a form sent twice
does its work once.
"""

from flask_wtf import FlaskForm
from wtforms import HiddenField

from .database import without_nul
from .submissions import new_key


class SwedishForm(FlaskForm):
    class Meta:
        locales = ["sv"]

        def bind_field(self, form, unbound_field, options):
            filters = tuple(unbound_field.kwargs.get("filters", ())) + tuple(options.pop("filters", ()))
            options["filters"] = (without_nul, *filters)
            return unbound_field.bind(form=form, **options)


class OnceForm(SwedishForm):
    """A form whose POST must never be carried out twice."""

    form_key = HiddenField()

    def issue_key(self) -> None:
        """Give the form a fresh key when it is shown (not when it is shown again after an error)."""
        if not self.form_key.data:
            self.form_key.data = new_key()
