"""Security headers for every response, and no NUL characters in addresses.

The policy allows nothing from other sites and no inline script or style,
so an injected ``<script>`` or ``style=`` cannot run even if sanitising
ever failed. Public pages set no cookie; only form pages get the CSRF
session cookie.

No address of ours contains a NUL character, and PostgreSQL refuses one in
a query parameter (a server error deep in a view). A request whose path or
query string has one is answered with a plain-language 400 before any view
runs; form fields lose theirs in ``forms.SwedishForm``.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request

from .i18n import _

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response: Response, https: bool) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    if https or request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _has_nul() -> bool:
    return "\x00" in request.path or any("\x00" in key or "\x00" in value
                                        for key, value in request.args.items(multi=True))


def _refuse_nul():
    if not _has_nul():
        return None
    message = _("Adressen innehåller ett tecken som inte är tillåtet. Kontrollera länken och försök igen.")
    if request.path.startswith("/api/"):
        return jsonify(error=message), 400
    return render_template("pages/error.html", heading=_("Felaktig adress"), message=message), 400


def init_app(app: Flask) -> None:
    https = bool(app.config["HTTPS"])
    app.before_request(_refuse_nul)

    @app.after_request
    def _headers(response: Response) -> Response:
        return set_security_headers(response, https)
