"""The public guide: home, service list, service pages and text pages."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup, escape

from ..taxonomy import AGE_GROUPS, AUDIENCES, REGISTRATION, TOPICS
from ..timeutil import local_time, swedish_date
from .opening_hours import status_marker
from .rendering import tel_href


def paragraphs(text: str) -> Markup:
    """Plain text typed by a person, escaped, with its line breaks kept."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    # Safe: every block is escaped before the only markup we add (<p>, <br>) goes in.
    return Markup("".join(  # noqa: S704  # nosec B704
        "<p>" + str(escape(block)).replace("\n", "<br>") + "</p>" for block in blocks
    ))


def age_range(ages) -> str:
    low, high = ages
    return f"{low}–{high} år" if low != high else f"{low} år"


def init_app(app: Flask) -> None:
    from .routes import bp

    app.register_blueprint(bp)
    app.jinja_env.filters.update(
        swedish_date=swedish_date,
        local_time=local_time,
        paragraphs=paragraphs,
        tel_href=tel_href,
        audience_label=lambda slug: AUDIENCES.get(slug, slug),
    )
    app.jinja_env.globals.update(
        topics=TOPICS,
        age_groups=AGE_GROUPS,
        registration=REGISTRATION,
        age_range=age_range,
        endpoint_exists=lambda endpoint: endpoint in app.view_functions,
        open_status_marker=status_marker,
    )

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("pages/not_found.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return render_template("pages/error.html", heading="Det gick inte att göra så",
                               message="Sidan tar inte emot den sortens anrop."), 405

    @app.errorhandler(413)
    def too_large(_error):
        return render_template("pages/error.html", heading="För mycket text",
                               message="Det du skickade var för stort. Korta texten och försök igen."), 413

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("pages/error.html", heading="Något gick fel hos oss",
                               message="Försök igen om en stund. Är det bråttom? Ring 112 vid akut fara."), 500
