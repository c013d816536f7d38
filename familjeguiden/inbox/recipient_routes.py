"""Who receives referrals: the list coordinators and admins keep (``ReferralRecipient``).

Page editors change the public pages; they do not decide where a case with
a family's contact details is sent. A page's e-mail address is only a
suggestion shown next to the recipient, never used by itself.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.access import staff_required
from ..extensions import db
from ..i18n import _
from ..pages.catalogue import get_catalogue
from . import operations
from .forms import RecipientForm
from .models import ReferralRecipient
from .routes import bp

KEEPERS = ("coordinator", "admin")


@bp.get("/personal/inkorg/mottagare")
@staff_required(*KEEPERS)
def recipients():
    current = {r.service_slug: r for r in db.session.scalars(db.select(ReferralRecipient))}
    rows = [(service, current.get(service.slug)) for service in get_catalogue().services]
    return render_template("inbox/recipients.html", rows=rows, form=RecipientForm(formdata=None))


@bp.post("/personal/inkorg/mottagare/<slug>")
@staff_required(*KEEPERS)
def set_recipient(slug: str):
    form = RecipientForm()
    if not form.validate():
        flash(_("Kontrollera e-postadressen."), "error")
    else:
        try:
            operations.set_recipient(slug[:80], form.email.data, current_user)
        except operations.ActionError as error:
            flash(str(error), "error")
        else:
            flash(_("Mottagaren för lotsningar är sparad."), "success")
    return redirect(url_for("inbox.recipients") + f"#mottagare-{slug[:80]}", code=303)
