"""``/api/hsds/``: the published services as Open Referral HSDS 3.0 (read-only).

Open to any site (CORS ``*``), without cookies, rate-limited per client,
with an ETag on every answer (``If-None-Match`` gives 304). Errors are JSON
with a Swedish and an English message. Views only check parameters and
pick documents from the per-generation snapshot.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from flask import Blueprint, Response, current_app, request

from ..extensions import limiter
from ..pages import opening_hours
from . import mapping
from .openapi import openapi_document
from .snapshot import get_snapshot

#: Read-only: every route is GET (HEAD and OPTIONS come with it); any other method gets 405.
bp = Blueprint("opendata", __name__, url_prefix="/api/hsds")

HSDS_VERSION = "3.0"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_SEARCH_LENGTH = 200


class BadParameter(Exception):
    def __init__(self, parameter: str, sv: str, en: str):
        super().__init__(parameter)
        self.parameter, self.sv, self.en = parameter, sv, en


def _rate_limit() -> str:
    return current_app.config["HSDS_RATE_LIMIT"]


limiter.shared_limit(_rate_limit, scope="hsds")(bp)  # one budget for the whole API


def _json(body: bytes, etag: str | None = None, status: int = 200) -> Response:
    response = current_app.response_class(body, status=status, mimetype="application/json")
    if etag:
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, max-age=60"
        response = response.make_conditional(request)
    return response


def _error(status: int, sv: str, en: str, parameter: str | None = None) -> Response:
    import json

    payload = {"status": status, "error": {"sv": sv, "en": en}}
    if parameter:
        payload["parameter"] = parameter
    return _json(json.dumps(payload, ensure_ascii=False).encode(), status=status)


@bp.after_request
def _open_to_all(response: Response) -> Response:
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = "*"
    headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    headers["Access-Control-Allow-Headers"] = "If-None-Match"
    headers["Access-Control-Expose-Headers"] = "ETag"
    headers["Access-Control-Max-Age"] = "86400"
    headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return _error(400, error.sv, error.en, error.parameter)


@bp.errorhandler(429)
def _too_many(_exception):
    return _error(429, "För många anrop på kort tid. Vänta en stund och försök igen.",
                  "Too many requests. Please wait a moment and try again.")


def _today() -> dt.date:
    from ..timeutil import STOCKHOLM

    return opening_hours.clock().astimezone(STOCKHOLM).date()


def _snapshot():
    return get_snapshot(_today())


# --- Parameters ----------------------------------------------------------------------


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} ska vara ett heltal.", f"{name} must be an integer.") from None
    if not low <= value <= high:
        raise BadParameter(name, f"{name} ska vara mellan {low} och {high}.",
                           f"{name} must be between {low} and {high}.")
    return value


def _uuid_param(name: str) -> str | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadParameter(name, f"{name} ska vara ett id (UUID).", f"{name} must be an id (UUID).") from None


def _datetime_param(name: str) -> dt.datetime | None:
    """ISO 8601 date or date-time; without an offset it is UTC. Returns naive UTC."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise BadParameter(name, f"{name} ska vara en tidpunkt, till exempel 2026-11-23T10:00:00Z.",
                           f"{name} must be a date-time, for example 2026-11-23T10:00:00Z.") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _search_param() -> str:
    text = " ".join((request.args.get("search") or "").split())
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadParameter("search", f"search får vara högst {MAX_SEARCH_LENGTH} tecken.",
                           f"search may be at most {MAX_SEARCH_LENGTH} characters.")
    return text


def _paging() -> tuple[int, int]:
    return _int_param("page", 1, 1, MAX_PAGE), _int_param("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)


def envelope(items: list, page: int, per_page: int, total: int | None = None) -> dict:
    """The HSDS page envelope; ``items`` is the whole list unless ``total`` is given (already one page)."""
    if total is None:
        total = len(items)
        items = items[(page - 1) * per_page: page * per_page]
    pages = max(1, math.ceil(total / per_page))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(items),
            "first_page": page == 1, "last_page": page >= pages, "empty": not items, "contents": items}


# --- Endpoints -------------------------------------------------------------------------


@bp.get("/")
def root():
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    openapi_url = f"{base}/api/hsds/openapi.json"
    snap = _snapshot()
    return _json(*snap.body(("root",), lambda: {
        "version": HSDS_VERSION,
        "profile": current_app.config.get("HSDS_PROFILE_URL") or openapi_url,
        "openapi_url": openapi_url,
    }))


@bp.get("/openapi.json")
def openapi():
    snap = _snapshot()
    return _json(*snap.body(("openapi",), openapi_document))


@bp.get("/services")
def services():
    page, per_page = _paging()
    text = _search_param()
    term = _uuid_param("taxonomy_term_id")
    since = _datetime_param("modified_after")
    snap = _snapshot()
    key = ("services", page, per_page, text, term, since)
    return _json(*snap.body(key, lambda: _service_page(snap, page, per_page, text, term, since)))


def _service_page(snap, page: int, per_page: int, text: str, term: str | None, since: dt.datetime | None) -> dict:
    if text:
        topic = next((code for code in mapping.TOPIC_DESCRIPTIONS
                      if mapping.ids.taxonomy_term_id(mapping.TOPIC_TAXONOMY, code) == term), None)
        if not since and (term is None or topic):  # the search pages for us
            from ..search import search

            result = search(text, amne=topic, page=page, per_page=per_page)
            found = [snap.id_of[hit.slug] for hit in result.hits if hit.slug in snap.id_of]
            return envelope([snap.list_items[sid] for sid in found], page, per_page, total=result.total)
        ids = _search_all(snap, text, topic)
    else:
        ids = list(snap.order)
    if term:
        ids = [sid for sid in ids if term in snap.terms_of.get(sid, ())]
    items = [snap.list_items[sid] for sid in ids]
    if since:
        items = [item for item in items if snap.modified[item["id"]] >= since]
        if not text and not term:  # a sync also learns what was withdrawn
            items += [w for sid, w in snap.withdrawn.items() if snap.modified[sid] >= since]
    return envelope(items, page, per_page)


def _search_all(snap, text: str, topic: str | None) -> list[str]:
    """Every matching id, best first (for filters our search does not know)."""
    from ..search import search

    result = search(text, amne=topic, page=1, per_page=max(1, len(snap.order)))
    return [snap.id_of[hit.slug] for hit in result.hits if hit.slug in snap.id_of]


@bp.get("/services/<service_id>")
def service(service_id: str):
    snap = _snapshot()
    key = _normalised(service_id)
    document = snap.services.get(key) or snap.withdrawn.get(key)
    if document is None:
        return _error(404, "Det finns ingen tjänst med det id:t.", "There is no service with this id.")
    return _json(*snap.body(("service", key), lambda: document))


@bp.get("/organizations")
def organizations():
    page, per_page = _paging()
    snap = _snapshot()
    return _json(*snap.body(("organizations", page, per_page), lambda: envelope(
        [{k: v for k, v in snap.organizations[oid].items() if k != "services"} for oid in snap.organization_order],
        page, per_page)))


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str):
    snap = _snapshot()
    key = _normalised(organization_id)
    document = snap.organizations.get(key)
    if document is None:
        return _error(404, "Det finns ingen organisation med det id:t.", "There is no organization with this id.")
    return _json(*snap.body(("organization", key), lambda: document))


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = _paging()
    snap = _snapshot()
    return _json(*snap.body(("taxonomies", page, per_page), lambda: envelope(snap.taxonomies, page, per_page)))


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    snap = _snapshot()
    key = _normalised(taxonomy_id)
    document = next((t for t in snap.taxonomies if t["id"] == key), None)
    if document is None:
        return _error(404, "Det finns ingen taxonomi med det id:t.", "There is no taxonomy with this id.")
    return _json(*snap.body(("taxonomy", key), lambda: document))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = _paging()
    taxonomy_id = _uuid_param("taxonomy_id")
    snap = _snapshot()
    return _json(*snap.body(("terms", page, per_page, taxonomy_id), lambda: envelope(
        [t for t in snap.terms if taxonomy_id in (None, t["taxonomy_id"])], page, per_page)))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    snap = _snapshot()
    key = _normalised(term_id)
    document = next((t for t in snap.terms if t["id"] == key), None)
    if document is None:
        return _error(404, "Det finns ingen term med det id:t.", "There is no taxonomy term with this id.")
    return _json(*snap.body(("term", key), lambda: document))


@bp.get("/<path:rest>")
def unknown(rest: str):
    return _error(404, "Den adressen finns inte i gränssnittet. Se /api/hsds/openapi.json.",
                  "There is no such address in this API. See /api/hsds/openapi.json.")


def _normalised(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value
