"""Reply templates (svarsmallar): coordinators list, write, change and remove them.

A template is picked on the case page through a plain link (``?mall=<id>``)
that fills in the reply field on the server, so it works without JavaScript.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..accounts.access import staff_required
from ..extensions import db
from ..i18n import _
from ..languages import FULL, LANGUAGES
from ..taxonomy import TOPICS
from . import operations
from .forms import ReplyTemplateForm, SwedishForm
from .models import ReplyTemplate
from .queries import reply_templates
from .routes import COORDINATOR, bp


def _form(template: ReplyTemplate | None = None) -> ReplyTemplateForm:
    form = ReplyTemplateForm(obj=template)
    form.topic.choices = [SelectChoice("", _("Alla ämnen (allmän mall)"))] + [
        SelectChoice(slug, label) for slug, label in TOPICS.items()]
    form.language.choices = [SelectChoice(code, LANGUAGES[code].swedish_name.capitalize()) for code in FULL]
    if template is not None and form.topic.data is None:
        form.topic.data = ""
    return form


@bp.get("/personal/inkorg/svarsmallar")
@staff_required(COORDINATOR)
def templates():
    return render_template("inbox/templates.html", templates=reply_templates(every=True),
                           delete_form=SwedishForm(), languages=LANGUAGES)


def _save(template: ReplyTemplate | None):
    form = _form(template)
    if form.validate_on_submit():
        try:
            operations.save_template(template, current_user, form.topic.data, form.title.data, form.body.data,
                                     form.language.data)
        except operations.ActionError as error:
            db.session.rollback()
            form.topic.errors.append(str(error))
        else:
            flash(_("Svarsmallen är sparad."), "success")
            return redirect(url_for("inbox.templates"), code=303)
    return render_template("inbox/template_form.html", form=form, template=template), 400 if form.errors else 200


@bp.route("/personal/inkorg/svarsmallar/ny", methods=["GET", "POST"])
@staff_required(COORDINATOR)
def template_new():
    return _save(None)


@bp.route("/personal/inkorg/svarsmallar/<int:template_id>", methods=["GET", "POST"])
@staff_required(COORDINATOR)
def template_edit(template_id: int):
    return _save(db.get_or_404(ReplyTemplate, template_id))


@bp.post("/personal/inkorg/svarsmallar/<int:template_id>/radera")
@staff_required(COORDINATOR)
def template_delete(template_id: int):
    template = db.get_or_404(ReplyTemplate, template_id)
    if SwedishForm().validate_on_submit():
        operations.delete_template(template, current_user)
        flash(_("Svarsmallen är borttagen."), "success")
    else:
        flash(_("Sidan var för gammal. Försök igen."), "error")
    return redirect(url_for("inbox.templates"), code=303)
