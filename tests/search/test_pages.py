"""What a parent sees on /sok and what a program gets from /api/sok."""

import re

import pytest

from familjeguiden.pages.catalogue import get_catalogue
from tests.htmlcheck import executable_markup

NASTY = [
    '"', '""', '"""', '"ofullständig', 'barn"', '" "', "AND", "OR", "NOT", "barn AND", "NOT barn", "AND OR NOT",
    "*", "?", "~", "~2", "barn~", "barn~2", "barn*", "b*n", "?arn", "(", ")", "(barn", "barn)", "((()))",
    ":", "::", "title:barn", "slug:steget", "a:b:c", "body:", ":barn", "[", "]", "{", "}", "[a TO b]",
    "{a TO b}", "^", "barn^3", "\\", "/", "//", "-", "+", "+barn -skola", "&", "|", "!", "<", ">",
    "<script>alert(1)</script>", "'", "' OR 1=1 --", "%", "%00", "\x00", "barn\x00skola", "\t", "👪",
    "é", "ø", "ß", "İ", "\u202e", "barn " * 40, "ö" * 200, "a" * 60, "'\"><img src=x onerror=alert(1)>",
    "_", "___", "barn_skola", "1177", "116 111", "112", "0-5", "13-20 år",
]


def text(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("query", NASTY)
def test_typed_query_syntax_never_breaks_the_page(reader, query):
    response = reader.get("/sok", query_string={"q": query})
    # A NUL cannot be typed; in a crafted address it is refused with a Swedish page (security.py).
    assert response.status_code == (400 if "\x00" in query else 200)
    html = text(response)
    assert html.count("<h1") == 1
    assert executable_markup(html) == []


@pytest.mark.parametrize("query", NASTY)
def test_typed_query_syntax_never_breaks_the_api(reader, query):
    response = reader.get("/api/sok", query_string={"q": query})
    assert response.status_code in (200, 400)
    data = response.get_json()
    assert ("error" in data) == (response.status_code == 400)


def test_api_contract(reader):
    response = reader.get("/api/sok", query_string={"q": "pappa dricker för mycket"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == {"query", "language", "total", "page", "results", "suggestion", "facets", "danger",
                         "languages"}
    assert data["danger"] is None  # an ordinary query: no acute-help box
    assert data["query"] == "pappa dricker för mycket" and data["page"] == 1
    assert data["total"] >= len(data["results"]) > 0
    first = data["results"][0]
    assert set(first) == {"slug", "title", "url", "language", "summary", "snippet", "score"}
    assert first["slug"] in ("steget", "ingangen") and first["url"] == f"/tjanster/{first['slug']}"
    assert "<mark>" in first["snippet"] and isinstance(first["score"], float)
    assert data["suggestion"] is None
    assert set(data["facets"]) == {"amne", "alder"}
    assert all(isinstance(n, int) and n > 0 for n in data["facets"]["amne"].values())
    assert set(data["facets"]["alder"]) <= {"0-5", "6-12", "13-20"}


def test_api_suggestion_filters_and_paging(reader):
    assert reader.get("/api/sok?q=stegett").get_json()["suggestion"] == "steget"
    filtered = reader.get("/api/sok", query_string={"q": "barn", "amne": "separation"}).get_json()
    expected = {s.slug for s in get_catalogue().services if "separation" in s.topics}
    assert {"skilda-varldar", "familjeradgivning", "familjeratt"} <= expected
    assert {r["slug"] for r in filtered["results"]} == expected
    second = reader.get("/api/sok", query_string={"q": "barn", "sida": "2"}).get_json()
    assert second["page"] == 2 and len(second["results"]) == 10
    assert reader.get("/api/sok", query_string={"q": "barn", "sida": "nej"}).get_json()["page"] == 1


@pytest.mark.parametrize("params, message", [
    ({}, "Skriv något"),
    ({"q": "   "}, "Skriv något"),
    ({"q": "x" * 201}, "högst 200 tecken"),
    ({"q": "?!?"}, "inga ord"),
    ({"q": "barn", "alder": "3-4"}, "åldersgruppen"),
    ({"q": "barn", "amne": "okänt"}, "ämnet"),
])
def test_api_rejects_what_cannot_be_searched_in_swedish(reader, params, message):
    response = reader.get("/api/sok", query_string=params)
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_a_200_character_query_is_still_searched(reader):
    assert reader.get("/api/sok", query_string={"q": "barn " * 39 + "barn"}).status_code == 200


def test_results_page_shows_count_hits_snippets_and_keeps_the_query(reader):
    html = text(reader.get("/sok", query_string={"q": "skilsmassa barn"}))
    assert 'value="skilsmassa barn"' in html
    assert re.search(r'<p class="result-count" role="status">\s*\d+ träffar för ”skilsmassa barn”', html)
    assert '<a href="/tjanster/skilda-varldar">Skilda världar</a>' in html
    assert '<p class="snippet">' in html and "<mark>" in html
    # Filters are links and a GET form that keep the query.
    assert 'href="/sok?q=skilsmassa+barn&amp;alder=6-12"' in html
    assert 'href="/sok?q=skilsmassa+barn&amp;amne=separation"' in html
    assert '<select id="sok-alder" name="alder">' in html and '<label for="sok-alder">' in html


def test_results_page_is_accessible_and_has_no_inline_code(reader):
    html = text(reader.get("/sok", query_string={"q": "barn", "sida": "2"}))
    assert html.count("<h1") == 1
    assert '<label for="sok-q">' in html and 'id="sok-q"' in html
    assert 'role="status"' in html
    assert re.search(r'<a href="/sok\?q=barn&amp;sida=2" aria-current="page">', html)
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert executable_markup(html) == []
    headings = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False)), headings


def test_chosen_filter_is_marked_and_can_be_removed(reader):
    html = text(reader.get("/sok", query_string={"q": "barn", "alder": "0-5"}))
    assert 'href="/sok?q=barn&amp;alder=0-5" aria-current="true"' in html
    assert '<option value="0-5" selected>' in html
    assert 'href="/sok?q=barn">Ta bort valen' in html


def test_unknown_filter_is_explained_and_ignored(reader):
    html = text(reader.get("/sok", query_string={"q": "barn", "alder": "99"}))
    assert "Den åldersgruppen finns inte" in html and f"{len(get_catalogue().services)} träffar" in html


def test_zero_results_are_kind_and_offer_ways_forward(reader):
    html = text(reader.get("/sok", query_string={"q": "zebraflöjt"}))
    assert "Vi hittade inget som passar ”zebraflöjt”" in html
    assert 'href="/tjanster/?amne=separation"' in html  # topic entry points
    assert 'href="/fraga?q=zebrafl%C3%B6jt"' in html  # ask Familjeguiden, with the query


def test_suggestion_is_a_link(reader):
    html = text(reader.get("/sok", query_string={"q": "stegett"}))
    assert 'Menade du <a href="/sok?q=steget">steget</a>?' in html


def test_empty_query_shows_entry_points_not_an_error(reader):
    response = reader.get("/sok")
    html = text(response)
    assert response.status_code == 200
    assert "Hur gammalt är barnet?" in html and "Vad handlar det om?" in html
    assert 'href="/tjanster/?alder=0-5"' in html and 'href="/tjanster/?amne=fritid"' in html
    assert 'role="status"' not in html and "notice-error" not in html


@pytest.mark.parametrize("query, message", [("x" * 201, "högst 200 tecken"), ("?? !!", "inga ord")])
def test_unsearchable_query_gets_a_clear_message(reader, query, message):
    response = reader.get("/sok", query_string={"q": query})
    assert response.status_code == 200
    assert message in text(response)


def test_query_is_escaped_where_it_is_echoed(reader):
    html = text(reader.get("/sok", query_string={"q": '<b>"x"</b> zebraflöjt'}))
    assert "<b>" not in html.split("<main", 1)[1]
    assert "&lt;b&gt;" in html


def test_search_page_sets_no_cookie(reader):
    response = reader.get("/sok", query_string={"q": "barn"})
    assert "Set-Cookie" not in response.headers


def test_a_sentence_lists_the_best_matches_and_offers_the_rest(reader):
    query = "min dotter vill inte gå till skolan"
    html = text(reader.get("/sok", query_string={"q": query}))
    listed = re.findall(r'<li class="result">\s*<h2><a href="/tjanster/([^"]+)"', html)
    assert listed[0] == "elevhalsan" and len(listed) < 10
    more = re.search(r'<a href="(/sok\?[^"]*fler=1[^"]*)">Visa (\d+) fler träffar</a>', html)
    assert more, "a link to the further results"
    everything = text(reader.get(more.group(1).replace("&amp;", "&")))
    shown = re.findall(r'<li class="result">\s*<h2><a href="/tjanster/([^"]+)"', everything)
    assert shown[:len(listed)] == listed and len(shown) > len(listed)
    assert "fler träffar" not in everything.split("<ol", 1)[1].split("</ol>", 1)[1]
