"""What a parent sees on the public pages."""

import re

import pytest

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.taxonomy import AGE_GROUPS, TOPICS

SLUGS = [
    "familjecentralen", "steget", "abc", "cope", "foraldrastegen", "vagledande-samspel", "familjeguiden",
    "barnhalsoteam", "ior", "pinocchio", "sociala-insatsgrupper", "qpm", "tematiska-foraldramoten",
    "skilda-varldar", "familjebehandling", "familjeradgivning", "socialtjansten-barn-och-unga",
    "elevhalsan", "fritidsgarden", "faltassistenterna", "ungdomspolisen", "ungdomsmottagningen",
    "ingangen", "bup", "vald-i-nara-relationer", "familjeratt", "barn-med-funktionsnedsattning",
    "ekonomiskt-stod", "sjalvmord-och-sjalvskada",
]
PUBLIC_URLS = ["/", "/tjanster/", "/tjanster/?alder=6-12", "/tjanster/steget", "/akut", "/om",
               "/om/personuppgifter", "/om/tillganglighet"]


def text(response):
    return response.get_data(as_text=True)


def listed_slugs(html):
    return set(re.findall(r'<h2 class="card-title"><a href="/tjanster/([a-z0-9-]+)"', html))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_service_page_answers_with_its_fact_box(client, slug):
    response = client.get(f"/tjanster/{slug}")
    assert response.status_code == 200
    html = text(response)
    assert 'class="factbox"' in html and "<dt>Kontakt</dt>" in html
    assert "Senast granskad" in html
    assert html.count("<h1>") == 1


def test_fact_box_has_phone_and_mail_links_and_course_status(client):
    html = text(client.get("/tjanster/steget"))
    assert re.search(r'href="tel:\+4670174\d{4}"', html)
    assert 'href="mailto:' in html and "@example." in html
    assert "<dt>Nästa start</dt>" in html and "<dt>Anmälan</dt>" in html


def test_service_page_links_related_services_and_the_question_channel(client):
    html = text(client.get("/tjanster/steget"))
    assert "Liknande stöd" in html
    related = re.findall(r'<h3 class="card-title"><a href="/tjanster/([a-z0-9-]+)"', html)
    steget = get_catalogue().get("steget")
    for slug in related:
        assert set(get_catalogue().get(slug).topics) & set(steget.topics)
    assert "Hittar du inte det du söker?" in html


def test_unfiltered_list_shows_every_service(client):
    html = text(client.get("/tjanster/"))
    assert listed_slugs(html) == set(SLUGS)
    assert f"Visar {len(SLUGS)} av {len(SLUGS)} tjänster." in html


@pytest.mark.parametrize("group", list(AGE_GROUPS))
def test_age_filter_returns_exactly_the_overlapping_services(client, group):
    low, high, _ = AGE_GROUPS[group]
    expected = {s.slug for s in get_catalogue().services if s.ages[0] <= high and s.ages[1] >= low}
    assert expected and expected != set(SLUGS) or group == "13-20"
    assert listed_slugs(text(client.get(f"/tjanster/?alder={group}"))) == expected


@pytest.mark.parametrize("topic", list(TOPICS))
def test_topic_filter_returns_exactly_the_services_with_that_topic(client, topic):
    expected = {s.slug for s in get_catalogue().services if topic in s.topics}
    assert listed_slugs(text(client.get(f"/tjanster/?amne={topic}"))) == expected


def test_combined_filter_and_known_membership(client):
    html = text(client.get("/tjanster/?alder=0-5&amne=gravid-och-sma-barn"))
    slugs = listed_slugs(html)
    assert "familjecentralen" in slugs
    assert "ungdomsmottagningen" not in slugs and "fritidsgarden" not in slugs
    assert 'option value="0-5" selected' in html


def test_empty_filter_result_says_so_and_offers_a_way_out(client):
    html = text(client.get("/tjanster/?alder=0-5&amne=brott-och-riskbeteende"))
    assert "Inga tjänster passar de val du gjort." in html
    assert 'href="/tjanster/"' in html


def test_unknown_filter_values_show_everything_with_a_message(client):
    html = text(client.get("/tjanster/?alder=99&amne=okand"))
    assert "finns inte" in html
    assert len(listed_slugs(html)) == len(SLUGS)


def test_unknown_service_gives_a_helpful_swedish_404(client):
    response = client.get("/tjanster/finns-inte")
    assert response.status_code == 404
    html = text(response)
    assert "Vi hittar inte sidan" in html
    assert 'role="search"' in html
    assert 'href="/tjanster/"' in html


def test_home_offers_search_ages_topics_question_and_emergency(client):
    html = text(client.get("/"))
    assert 'role="search"' in html
    for group in AGE_GROUPS:
        assert f"/tjanster/?alder={group}" in html
    assert "/tjanster/?amne=missbruk-i-familjen" in html
    assert "Hittar du inte det du söker?" in html
    assert 'href="tel:112"' in html


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_page_has_the_shared_frame(client, url):
    html = text(client.get(url))
    assert '<html lang="sv" dir="ltr">' in html
    assert "Lämna sidan snabbt" in html
    assert html.index("Lämna sidan snabbt") < html.index("Hoppa till innehållet") < html.index("<main")
    assert 'href="#innehall"' in html and 'id="innehall"' in html
    assert "Akut? Ring" in html
    assert "/om/personuppgifter" in html and "/om/tillganglighet" in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("url", PUBLIC_URLS + ["/tjanster/finns-inte"])
def test_public_pages_set_no_cookie_and_load_nothing_from_elsewhere(client, url):
    response = client.get(url)
    assert "Set-Cookie" not in response.headers
    html = text(response)
    for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
        if attr.startswith(("http://", "https://", "//")):
            # Only plain links may point elsewhere; nothing is loaded from other sites.
            assert not re.search(rf'(?:src)="{re.escape(attr)}"', html)
    assert not re.search(r'<link[^>]+href="(?:https?:)?//', html)
    assert not re.search(r'<script[^>]+src="(?:https?:)?//', html)


@pytest.mark.parametrize("url", PUBLIC_URLS + ["/tjanster/finns-inte", "/healthz"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in headers


def test_hsts_when_served_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_inline_script_or_style_in_pages(client):
    for url in PUBLIC_URLS:
        html = text(client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url


def test_text_pages_have_their_content(client):
    assert "112" in text(client.get("/akut")) and "orosanmälan" in text(client.get("/akut")).lower()
    privacy = text(client.get("/om/personuppgifter"))
    for word in ("ansvarig", "Varför behandlar vi", "Vad ger oss rätt", "24 månader", "Dataskyddsombud", "IMY"):
        assert word.lower() in privacy.lower(), word
    statement = text(client.get("/om/tillganglighet"))
    assert "{{ testdatum }}" not in statement
    assert "https://www.digg.se/tdosanmalan" in statement
    assert "axe-core" in statement


def test_healthz_reports_database_and_content(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["database"] == "ok"
    assert data["content"]["published_services"] == len(SLUGS)


def test_a_change_in_another_worker_is_seen_on_the_next_request(client, app):
    """Publishing bumps the generation file; the cached page is dropped."""
    from familjeguiden.extensions import db
    from familjeguiden.pages.catalogue import bump_generation
    from familjeguiden.pages.models import Page
    from familjeguiden.pages.operations import add_revision
    from familjeguiden.pages.publishing import make_live

    assert "Helt ny rad" not in text(client.get("/tjanster/abc"))
    page = db.session.scalar(db.select(Page).where(Page.slug == "abc"))
    current = page.published_revision
    revision = add_revision(page, current.front_matter, current.body + "\nHelt ny rad.\n", "test", "test")
    db.session.flush()
    make_live(page, revision)
    db.session.commit()
    bump_generation()
    assert "Helt ny rad" in text(client.get("/tjanster/abc"))
