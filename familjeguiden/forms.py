"""Base form: WTForms' built-in messages in Swedish, and no NUL characters.

Flask-WTF would look for Flask-Babel to translate; we have no other use for
Babel, so the Swedish catalogue that ships with WTForms is used directly
(``WTF_I18N_ENABLED = False`` in the config hands the choice to ``Meta``).

Every text a form receives loses its NUL characters before validation, so a
length limit counts what will be stored (see ``database.without_nul``).
"""

from flask_wtf import FlaskForm

from .database import without_nul


class SwedishForm(FlaskForm):
    class Meta:
        locales = ["sv"]

        def bind_field(self, form, unbound_field, options):
            filters = tuple(unbound_field.kwargs.get("filters", ())) + tuple(options.pop("filters", ()))
            options["filters"] = (without_nul, *filters)
            return unbound_field.bind(form=form, **options)
