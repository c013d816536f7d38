"""The OpenAPI 3.1 description of ``/api/hsds``: exactly what we serve.

It follows the HSDS 3.0 API (``schema/openapi.json`` of the specification)
and keeps only the endpoints and parameters we implement; the response
schemas are the specification's own compiled schemas. A test checks that
every route of the blueprint is described here and nothing else.
"""

from __future__ import annotations

from flask import current_app

SPEC = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def _ref(path: str) -> dict:
    return {"$ref": SPEC + path}


def _page_of(items: dict) -> dict:
    return {"allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": items}}}


def _ok(description: str, schema: dict) -> dict:
    return {
        "200": {"description": description, "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                "content": {"application/json": {"schema": schema}}},
        "304": {"description": "Oförändrat sedan If-None-Match / Not modified since If-None-Match."},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
    }


def _one(description: str, schema: dict, what: str) -> dict:
    responses = _ok(description, schema)
    del responses["400"]
    responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {"parameters": [{"in": "path", "name": "id", "required": True, "description": f"The id of the {what}.",
                            "schema": {"type": "string", "format": "uuid"}}],
            "get": {"summary": description, "responses": responses}}


def _param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def openapi_document() -> dict:
    config = current_app.config
    base = config["PUBLIC_BASE_URL"].rstrip("/")
    municipality = config["MUNICIPALITY_NAME"]
    paging = [_param("page"), _param("per_page")]
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"Familjeguiden, {municipality}: öppna data (HSDS 3.0)",
            "version": "3.0",
            "summary": "Every published service of Familjeguiden as Open Referral HSDS 3.0.",
            "description": (
                "Alla publicerade tjänster i Familjeguiden som Open Referral HSDS 3.0: organisationer, adresser, "
                "telefon, öppettider med UTC-tid per sommar- och vintertid, åldrar, kostnad och ämnen "
                "(taxonomin familjeguiden-amne) och målgrupper (familjeguiden-malgrupp). Bara läsning, öppet för "
                "alla (CORS *), utan kakor, med ETag och begränsat antal anrop per minut. Felmeddelanden har "
                "svensk och engelsk text.\n\n"
                "Every published service of Familjeguiden as HSDS 3.0. Read-only, open to all, no cookies, ETags, "
                "rate-limited. The Swedish profile (which fields we fill and how) is in docs/hsds/ of the source."
            ),
        },
        "servers": [{"url": f"{base}/api/hsds"}],
        "externalDocs": {"description": "HSDS-profil / profile",
                         "url": config.get("HSDS_PROFILE_URL") or f"{base}/api/hsds/openapi.json"},
        "paths": {
            "/": {"get": {"summary": "Om gränssnittet / About this API.", "responses": {"200": {
                "description": "HSDS version, profile and this document.",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                    "openapi_url": {"type": "string", "format": "uri"}}}}}}}}},
            "/openapi.json": {"get": {"summary": "This description.", "responses": {"200": {
                "description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/services": {"get": {
                "summary": "Publicerade tjänster, sida för sida / Published services, paginated (one-to-one fields).",
                "parameters": [_param("search"), *paging, _param("taxonomy_term_id"), _param("modified_after")],
                "responses": _ok("A page of services.", _page_of(_ref("compiled/service_list.json")))}},
            "/services/{id}": _one("En tjänst med allt / A fully nested service. A withdrawn (unpublished) "
                                   "service has only id, name, status 'inactive' and last_modified.",
                                   _ref("compiled/service.json"), "service"),
            "/organizations": {"get": {"summary": "Organisationer / Organizations, paginated.",
                                       "parameters": paging,
                                       "responses": _ok("A page of organizations.",
                                                        _page_of(_ref("compiled/organization_list.json")))}},
            "/organizations/{id}": _one("En organisation med dess tjänster / An organization with its services.",
                                        _ref("compiled/organization.json"), "organization"),
            "/taxonomies": {"get": {"summary": "Taxonomier / Taxonomies.", "parameters": paging,
                                    "responses": _ok("A page of taxonomies.", _page_of(_ref("taxonomy.json")))}},
            "/taxonomies/{id}": _one("En taxonomi / A taxonomy.", _ref("taxonomy.json"), "taxonomy"),
            "/taxonomy_terms": {"get": {"summary": "Termer / Taxonomy terms.",
                                        "parameters": [*paging, _param("taxonomy_id")],
                                        "responses": _ok("A page of taxonomy terms.",
                                                         _page_of(_ref("taxonomy_term.json")))}},
            "/taxonomy_terms/{id}": _one("En term / A taxonomy term.", _ref("taxonomy_term.json"), "taxonomy term"),
        },
        "components": _components(),
    }


def _components() -> dict:
    from .routes import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_SEARCH_LENGTH

    def error(description: str) -> dict:
        return {"description": description,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

    return {
        "schemas": {
            "Page": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size",
                                                    "first_page", "last_page", "empty", "contents"],
                     "properties": {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
                                    "page_number": {"type": "integer"}, "size": {"type": "integer"},
                                    "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                                    "empty": {"type": "boolean"}}},
            "Error": {"type": "object", "required": ["status", "error"], "properties": {
                "status": {"type": "integer"},
                "error": {"type": "object", "required": ["sv", "en"],
                          "properties": {"sv": {"type": "string"}, "en": {"type": "string"}}},
                "parameter": {"type": "string", "description": "The parameter that was wrong."}}},
        },
        "parameters": {
            "search": {"name": "search", "in": "query", "required": False, "schema": {
                "type": "string", "maxLength": MAX_SEARCH_LENGTH},
                "description": "Fritext, med samma svenska sökning som webbplatsen (böjningar, stavfel, "
                               "sammansättningar) / Free text, through the site's own Swedish search."},
            "page": {"name": "page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
            "per_page": {"name": "per_page", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                    "default": DEFAULT_PER_PAGE}},
            "taxonomy_term_id": {"name": "taxonomy_term_id", "in": "query", "required": False,
                                 "schema": {"type": "string", "format": "uuid"},
                                 "description": "Services with this topic or audience term."},
            "taxonomy_id": {"name": "taxonomy_id", "in": "query", "required": False,
                            "schema": {"type": "string", "format": "uuid"}},
            "modified_after": {"name": "modified_after", "in": "query", "required": False,
                               "schema": {"type": "string", "format": "date-time"},
                               "description": "Changed on or after this time (UTC when no offset is given). "
                                              "Also lists withdrawn services, with status 'inactive'."},
        },
        "headers": {"ETag": {"schema": {"type": "string"},
                             "description": "Send it back as If-None-Match to get 304 when nothing changed."}},
        "responses": {
            "BadRequest": error("Felaktig parameter / Bad parameter."),
            "NotFound": error("Inget med det id:t / No such id."),
            "TooManyRequests": error("För många anrop / Too many requests (HSDS_RATE_LIMIT)."),
        },
    }
