"""What every template can use: filters and globals, registered in one place.

Feature templates need the vocabularies of the domain (topics, age groups,
relations, outcomes ...) and a few formatting helpers. Registering them
here, in one module, means a template never depends on which feature
package happened to be initialised first.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from . import languages
from .i18n import current_language
from .taxonomy import AGE_GROUPS, AUDIENCES, REGISTRATION, TOPICS
from .text import swedish_number, tel_href
from .timeutil import local_time, swedish_date


def paragraphs(text: str) -> Markup:
    """Plain text typed by a person, escaped, with its line breaks kept."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]
    # Safe: every block is escaped before the only markup we add (<p>, <br>) goes in.
    return Markup("".join(  # noqa: S704  # nosec B704
        "<p>" + str(escape(block)).replace("\n", "<br>") + "</p>" for block in blocks
    ))


def age_range(ages) -> str:
    """``3–12 år``, ``16 år``: in the page's language (the plural follows the upper age)."""
    from .i18n import ngettext

    low, high = ages
    if low == high:
        return ngettext("%(num)d år", "%(num)d år", high)
    return ngettext("%(low)d–%(num)d år", "%(low)d–%(num)d år", high, low=low)


def long_date(value) -> str:
    """A date as people read it in the page's language: ``1 oktober 2026``, ``1 October 2026`` ..."""
    from flask_babel import format_date

    if current_language() in ("sv", "lattlast") or value is None or value == "":
        return swedish_date(value)
    import datetime as dt

    # CLDR's own long form: "1. joulukuuta 2026" in Finnish; "1 December 2026" (not the US order) in English.
    pattern = "d MMMM y" if current_language() == "en" else "long"
    return format_date(dt.date.fromisoformat(value) if isinstance(value, str) else value, pattern)


def response_promise() -> str:
    """When a question is answered, in the page's language ("inom två arbetsdagar").

    ``RESPONSE_PROMISE`` words it for the Swedish site; the other versions
    count ``RESPONSE_TARGET_DAYS`` in their own words.
    """
    from flask import current_app

    from .i18n import ngettext

    if current_language() == "sv" and current_app.config.get("RESPONSE_PROMISE"):
        return current_app.config["RESPONSE_PROMISE"]
    days = int(current_app.config["RESPONSE_TARGET_DAYS"])
    return ngettext("inom %(num)d arbetsdag", "inom %(num)d arbetsdagar", days)


def link_to(url: str, text: str) -> Markup:
    """A link for use inside a translated sentence: both parts escaped."""
    return Markup('<a href="{0}">{1}</a>').format(url, text)


def phone_links(text: str) -> Markup:
    """Plain text, escaped, with every phone number in it as a ``tel:`` link."""
    from .pages.contacts import link_phone_numbers

    # Safe: the text is escaped first; only our own tel: links are added.
    return Markup(link_phone_numbers(str(escape(text or ""))))  # noqa: S704  # nosec B704


def language_menu() -> list[tuple]:
    """(language, address, is current) for the menu: this page in every version, the short guides last."""
    from flask import request

    from . import languages

    now = languages.current().code
    menu = []
    for code, language in languages.LANGUAGES.items():
        path = request.path if language.full else "/om"
        menu.append((language, language.prefix + path, code == now))
    return menu


def page_versions() -> list[tuple[str, str]]:
    """(hreflang, address) of every version this page really exists in.

    Root-relative addresses: the same host, and nothing in <head> that names another origin.
    """
    from flask import request

    from . import languages
    from .pages.catalogue import get_catalogue

    codes: tuple[str, ...] = languages.FULL
    if request.endpoint == "pages.service":
        codes = get_catalogue().languages_of((request.view_args or {}).get("slug", ""))
    elif request.endpoint in TEXT_PAGE_ENDPOINTS:
        codes = text_page_versions(TEXT_PAGE_ENDPOINTS[request.endpoint])
    root = request.environ.get("SCRIPT_NAME", "")[: -len(languages.current().prefix) or None]
    return [(languages.LANGUAGES[code].hreflang, root + languages.LANGUAGES[code].prefix + request.path)
            for code in codes if code in languages.LANGUAGES]


#: Text page views and their file names (content/sidor/<name>.md).
TEXT_PAGE_ENDPOINTS = {"pages.emergency": "akut", "pages.about": "om", "pages.privacy": "personuppgifter",
                       "pages.accessibility": "tillganglighet", "pages.safe_browsing": "surfa-sakert"}


def text_page_versions(name: str) -> tuple[str, ...]:
    from pathlib import Path

    from flask import current_app

    from . import languages

    folder = Path(current_app.config["CONTENT_PATH"]) / "sidor"
    return ("sv",) + tuple(code for code in languages.VERSION_CODES if (folder / f"{name}.{code}.md").exists())


def aria(field, extra: dict | None = None) -> dict:
    """Attributes that tie a form field to its hint and error text."""
    attrs = dict(extra or {})
    ids = []
    if field.description:
        ids.append(f"{field.id}-tips")
    if field.errors:
        ids.append(f"{field.id}-fel")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return attrs


def init_app(app: Flask) -> None:
    from .inbox import MESSAGE_KINDS
    from .inbox.models import CONCERN_CHANNELS, OUTCOMES, REFERRAL_STATUSES
    from .pages.catalogue import get_catalogue
    from .pages.contacts import contact, phone_link
    from .pages.opening_hours import status_marker
    from .questions.models import CONTACT_METHODS, RELATIONS
    from .safety import KINDS

    app.jinja_env.filters.update(
        swedish_date=long_date, local_time=local_time, paragraphs=paragraphs, tel_href=tel_href,
        audience_label=lambda slug: AUDIENCES.get(slug, slug), sv_number=swedish_number, phone_links=phone_links,
    )
    app.jinja_env.globals.update(
        topics=TOPICS, age_groups=AGE_GROUPS, audiences=AUDIENCES, registration=REGISTRATION, age_range=age_range,
        endpoint_exists=lambda endpoint: endpoint in app.view_functions, aria=aria,
        relations=RELATIONS, contact_methods=CONTACT_METHODS, outcomes=OUTCOMES, referral_statuses=REFERRAL_STATUSES,
        concern_channels=CONCERN_CHANNELS, message_kinds=MESSAGE_KINDS, danger_kinds=KINDS,
        service_for=lambda slug: get_catalogue().get(slug), contact=contact, phone_link=phone_link,
        current_language=current_language, link_to=link_to, open_status_marker=status_marker,
        language_menu=language_menu, page_versions=page_versions, response_promise=response_promise,
        current_lang=languages.current,
    )
