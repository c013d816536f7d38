"""Every error page of the site, registered in one place.

Errors are answered in plain Swedish with what to do next, never with a
stack trace. A refused form submission (rate limit, missing CSRF token)
is shown again with what was typed: the feature that owns the form
registers how (``register_refusal``), so this module needs no knowledge
of questions or sign-ups.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from .i18n import _

#: endpoint -> function(message, status) that shows the refused form again.
_refusals: dict[str, Callable[[str, int], object]] = {}


def register_refusal(endpoint: str, render: Callable[[str, int], object]) -> None:
    _refusals[endpoint] = render


def _emergency_number() -> str:
    from .pages.contacts import contact

    return contact("nodnummer", "telefon")


def _page(heading: str, message: str, status: int):
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    return render_template("pages/error.html", heading=heading, message=message), status


def _refused(message: str, status: int, heading: str):
    render = _refusals.get(request.endpoint or "")
    return render(message, status) if render else _page(heading, message, status)


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(_error):
        if request.path.startswith("/api/"):
            return jsonify(error=_("Det finns inget på den adressen.")), 404
        return render_template("pages/not_found.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return _page(_("Det gick inte att göra så"), _("Den här sidan går inte att använda på det sättet."), 405)

    @app.errorhandler(413)
    def too_large(_error):
        return _page(_("För mycket text"), _("Det du skickade var för stort. Korta texten och försök igen."), 413)

    @app.errorhandler(429)
    def too_many_requests(_error):
        return _refused(_("Du har skickat många meddelanden på kort tid. Vänta en stund och försök igen – det du "
                          "skrev finns kvar. Är det akut: ring %(emergency)s.", emergency=_emergency_number()),
                        429, _("För många försök"))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _refused(_("Sidan hade varit öppen länge eller så saknades en säkerhetskod, så vi kunde inte ta "
                          "emot det du skickade. Det du skrev finns kvar: försök igen genom att trycka på knappen "
                          "en gång till."), 400, _("Det gick inte att skicka"))

    @app.errorhandler(500)
    def server_error(_error):
        return _page(_("Något gick fel hos oss"),
                     _("Försök igen om en stund. Är det bråttom? Ring %(emergency)s vid akut fara.",
                       emergency=_emergency_number()), 500)
