"""A published service as Open Referral HSDS 3.0 (DESIGN.md section 10).

Pure functions from the public ``Service`` snapshot (plus its page's id and
modification time) to HSDS objects, so the API, the export and the tests
all publish exactly the same thing. Only what the public page shows is
mapped: nothing here ever reads drafts or anything from the inbox.

``docs/hsds/`` is the profile: which field comes from where, and why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..taxonomy import AUDIENCES, TOPICS
from . import ids
from .schedules import hsds_schedules

TOPIC_TAXONOMY = "familjeguiden-amne"
AUDIENCE_TAXONOMY = "familjeguiden-malgrupp"

#: What each vocabulary is, for ``/taxonomies``.
TAXONOMIES = {
    TOPIC_TAXONOMY: ("Ämnen i Familjeguiden: vad ett stöd handlar om. En tjänst kan ha flera ämnen.",
                     TOPICS, "topic"),
    AUDIENCE_TAXONOMY: ("Målgrupper i Familjeguiden: vem stödet vänder sig till. En tjänst kan ha flera.",
                        AUDIENCES, "audience"),
}

TOPIC_DESCRIPTIONS = {
    "foraldraskap": "Stöd i att vara förälder: samspel, gränser, vardag och föräldrakurser.",
    "gravid-och-sma-barn": "Graviditet och de första åren: mödra- och barnhälsovård, öppen förskola, "
                           "små barns utveckling.",
    "skola-och-narvaro": "Skolan: elevhälsa, skolfrånvaro och samarbete mellan hem och skola.",
    "psykisk-halsa": "När ett barn, en ung eller en förälder mår psykiskt dåligt.",
    "missbruk-i-familjen": "När en förälder eller någon annan i familjen dricker för mycket eller använder droger.",
    "alkohol-och-droger": "Unga och alkohol, droger, snus och spel: råd till unga och oroliga föräldrar.",
    "separation": "När föräldrar separerar: samtal, samarbete om barnen och stöd till barnen.",
    "konflikter-i-familjen": "Bråk och konflikter mellan föräldrar, mellan föräldrar och barn eller syskon.",
    "oro-for-ett-barn": "Oro för hur ett barn har det, hemma eller någon annanstans.",
    "fritid": "Fritid för unga: mötesplatser, aktiviteter och vuxna att prata med.",
    "brott-och-riskbeteende": "Unga som riskerar att hamna i brott eller skadliga sammanhang.",
    "kropp-och-relationer": "Kropp, sex, relationer och hälsa för unga.",
}
AUDIENCE_DESCRIPTIONS = {
    "barn": "Barnet eller den unga själv.",
    "foraldrar": "Föräldrar och andra vårdnadshavare.",
    "anhoriga": "Anhöriga och andra vuxna nära barnet, till exempel mor- och farföräldrar.",
    "blivande-foraldrar": "Den som väntar barn, och den blivande partnern.",
}
_DESCRIPTIONS = {TOPIC_TAXONOMY: TOPIC_DESCRIPTIONS, AUDIENCE_TAXONOMY: AUDIENCE_DESCRIPTIONS}
_AMOUNT = re.compile(r"(\d[\d\s]*)\s*(?:kr\b|kronor)", re.IGNORECASE)


@dataclass(frozen=True)
class PageInfo:
    """What the page row adds to the service: its stable id and when it last changed."""

    uuid: str
    modified: dt.datetime  # naive UTC
    published: bool = True


@dataclass(frozen=True)
class Site:
    """Settings the mapping needs, read once per snapshot."""

    base_url: str
    municipality: str

    def page_url(self, slug: str) -> str:
        return f"{self.base_url}/tjanster/{slug}"


# --- Vocabularies -----------------------------------------------------------------


def taxonomy(name: str, site: Site) -> dict:
    description, _terms, _link_type = TAXONOMIES[name]
    return {"id": ids.taxonomy_id(name), "name": name, "description": description,
            "uri": f"{site.base_url}/api/hsds/taxonomies/{ids.taxonomy_id(name)}", "version": "1"}


def taxonomy_term(name: str, code: str, site: Site) -> dict:
    _description, terms, _link_type = TAXONOMIES[name]
    term = {
        "id": ids.taxonomy_term_id(name, code),
        "code": code,
        "name": str(terms[code]),
        "description": _DESCRIPTIONS[name][code],
        "taxonomy": name,
        "taxonomy_detail": taxonomy(name, site),
        "language": "sv",
        "taxonomy_id": ids.taxonomy_id(name),
    }
    if name == TOPIC_TAXONOMY:
        term["term_uri"] = f"{site.base_url}/tjanster/?amne={code}"
    return term


def all_terms(site: Site) -> list[dict]:
    return [taxonomy_term(name, code, site) for name, (_d, terms, _l) in TAXONOMIES.items() for code in terms]


# --- Organisations -----------------------------------------------------------------


def organizer_name(service, site: Site) -> str:
    """Who runs the service; the municipality itself when the page does not say."""
    return service.organizer or site.municipality


def organization(name: str, services, site: Site) -> dict:
    """The one-to-one fields of an organisation; its description names what it runs here."""
    titles = sorted(s.title for s in services)
    return {
        "id": ids.organization_id(name, site.municipality),
        "name": name,
        "description": f"Ordnar {_swedish_list(titles)} i Familjeguiden, {site.municipality}.",
    }


def _swedish_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


# --- Services -------------------------------------------------------------------------


def service_list_item(service, page: PageInfo, org: dict, site: Site) -> dict:
    """The one-to-one fields (``compiled/service_list.json``) plus the organisation."""
    sid = page.uuid
    item = {
        "id": sid,
        "organization_id": org["id"],
        "name": service.title,
        "description": service.summary,
        "url": service.contact.get("web") or site.page_url(service.slug),
        "status": "active" if page.published else "inactive",
        "eligibility_description": eligibility(service),
        "minimum_age": service.ages[0],
        "maximum_age": service.ages[1],
        "assured_date": service.reviewed.isoformat(),
        "last_modified": _timestamp(page.modified),
        "organization": org,
    }
    if service.contact.get("email"):
        item["email"] = service.contact["email"]
    if service.how_to_start:
        item["application_process"] = service.how_to_start
    if service.cost:
        item["fees_description"] = service.cost
    return {key: item[key] for key in _LIST_ORDER if key in item}


_LIST_ORDER = ("id", "organization_id", "name", "description", "url", "email", "status", "application_process",
               "fees_description", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
               "last_modified", "organization")


def full_service(service, page: PageInfo, org: dict, site: Site, today: dt.date) -> dict:
    """A fully nested service (``compiled/service.json``)."""
    sid = page.uuid
    full = service_list_item(service, page, org, site)
    del full["organization"]
    contact = service.contact
    if contact.get("phone"):
        full["phones"] = [{"id": ids.child_id(sid, "phone", contact["phone"]), "service_id": sid,
                           "number": contact["phone"], "type": "voice"}]
    schedules = hsds_schedules(sid, service.schedule, service.hours, today)
    if schedules:
        full["schedules"] = schedules
    if contact.get("address"):
        location_id = ids.location_id(contact["address"], site.municipality)
        full["service_at_locations"] = [{
            "id": ids.child_id(sid, "service_at_location", location_id),
            "service_id": sid,
            "location_id": location_id,
            "location": {"id": location_id, "location_type": "physical", "name": contact["address"],
                         "description": f"Adress till {service.title}."},
        }]
    full["languages"] = [{"id": ids.child_id(sid, "language", "sv"), "service_id": sid,
                          "name": "svenska", "code": "sv"}]
    full["organization"] = org
    if service.cost:
        full["cost_options"] = [cost_option(sid, service.cost)]
    if contact.get("email"):
        full["contacts"] = [{"id": ids.child_id(sid, "contact", contact["email"]), "service_id": sid,
                             "name": service.title, "department": org["name"], "email": contact["email"]}]
    attributes = service_attributes(service, sid, site)
    if attributes:
        full["attributes"] = attributes
    return full


def eligibility(service) -> str:
    """``För föräldrar och blivande föräldrar. Barn 0–6 år.``, as the page's fact box says it."""
    who = ", ".join(AUDIENCES[a].lower() for a in service.audience if a in AUDIENCES)
    prefix = f"För {who}. " if who else ""
    low, high = service.ages
    return f"{prefix}Barn {low}–{high} år." if low != high else f"{prefix}Barn {low} år."


def cost_option(sid: str, cost: str) -> dict:
    """``Kostnadsfritt`` is 0 kronor; ``150 kronor per samtal`` is 150; anything else stays text."""
    option = {"id": ids.child_id(sid, "cost_option", cost), "service_id": sid, "option": cost}
    if re.fullmatch(r"kostnadsfritt\.?", cost.strip(), re.IGNORECASE):
        option.update(currency="SEK", amount=0)
    else:
        amounts = _AMOUNT.findall(cost)
        if len(amounts) == 1:
            option.update(currency="SEK", amount=int(re.sub(r"\s", "", amounts[0])), amount_description=cost)
    return option


def service_attributes(service, sid: str, site: Site) -> list[dict]:
    """Topics and audiences as attributes that carry their taxonomy term."""
    attributes = []
    for name, codes in ((TOPIC_TAXONOMY, service.topics), (AUDIENCE_TAXONOMY, service.audience)):
        link_type = TAXONOMIES[name][2]
        for code in codes:
            term = taxonomy_term(name, code, site)
            attributes.append({"id": ids.child_id(sid, "attribute", f"{name}/{code}"), "link_id": sid,
                               "taxonomy_term_id": term["id"], "link_type": link_type, "link_entity": "service",
                               "taxonomy_term": term})
    return attributes


def term_ids(service) -> set[str]:
    return ({ids.taxonomy_term_id(TOPIC_TAXONOMY, t) for t in service.topics}
            | {ids.taxonomy_term_id(AUDIENCE_TAXONOMY, a) for a in service.audience})


def withdrawn_service(uuid: str, name: str, modified: dt.datetime) -> dict:
    """An unpublished page: only that it is gone, so other systems can remove it."""
    return {"id": uuid, "name": name, "status": "inactive", "last_modified": _timestamp(modified)}


def _timestamp(value: dt.datetime) -> str:
    """Naive UTC -> ``2026-11-23T10:30:45.123Z`` (HSDS asks for milliseconds)."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
