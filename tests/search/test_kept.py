"""What search keeps between requests never changes what a parent sees.

To stay fast with queries that never repeat, /sok keeps per generation
each typed word's analysis (``words.py``), each page's text for snippets,
each hit's title and summary as HTML, and the page layout, form and ask
box with markers for the query (``page.py``). These tests change content,
flash messages and repeat searches, and check that the page a person gets
is the one a fresh worker would render.
"""

import re

from familjeguiden.search import rebuild, schema, search
from familjeguiden.search.state import get_state

from .helpers import publish_edit


def listed(html):
    return re.findall(r'<li class="result">\s*<h2><a href="/tjanster/([^"]+)">([^<]+)</a>', html)


def test_a_published_title_appears_in_the_results_at_once(app, client):
    client.get("/sok", query_string={"q": "steget"})  # the hit's HTML is now kept
    publish_edit(app, "steget", title="Steget för barn")
    html = client.get("/sok", query_string={"q": "steget"}).get_data(as_text=True)
    assert ("steget", "Steget för barn") in listed(html)


def test_the_query_is_escaped_in_every_kept_part(client):
    query = '"><script>x</script> steget & co'
    html = client.get("/sok", query_string={"q": query}).get_data(as_text=True)
    assert "<script>x" not in html
    assert "<title>Sökresultat för ”&#34;&gt;&lt;script&gt;x&lt;/script&gt; steget &amp; co”" in html
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt; steget &amp; co"' in html  # the form
    assert 'href="/fraga?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E+steget+%26+co"' in html  # the ask box
    assert "<!--sok:" not in html and "SOKFRAGA" not in html  # no marker is left


def test_a_flashed_message_is_shown_once_and_not_kept(client):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Ett meddelande bara till dig")]
    first = client.get("/sok", query_string={"q": "bvc"}).get_data(as_text=True)
    again = client.get("/sok", query_string={"q": "bvc"}).get_data(as_text=True)
    other = client.get("/sok", query_string={"q": "bup"}).get_data(as_text=True)
    assert "Ett meddelande bara till dig" in first
    assert "Ett meddelande bara till dig" not in again + other


def test_known_words_give_the_same_answer_as_new_ones(app):
    queries = ["pappa dricker", "min dotter vill inte gå till skolan", "stegett", "skilsmäsa barn",
               "tonårsförälder kurs", '"pappa dricker"', "3 år trotsig"]
    state = get_state()
    first = [[(h.slug, h.score, str(h.snippet)) for h in search(q).hits] for q in queries]
    state.forget_results()  # the words stay; the results and analyses go
    assert [[(h.slug, h.score, str(h.snippet)) for h in search(q).hits] for q in queries] == first
    state.forget_results()
    state.words.forget()
    assert [[(h.slug, h.score, str(h.snippet)) for h in search(q).hits] for q in queries] == first


def test_a_snippet_is_the_same_the_first_and_the_second_time_a_page_is_shown(app):
    state = get_state()
    state.forget_results()
    state.forget_computed()
    first = [str(h.snippet) for h in search("föräldrakurs tonåring").hits]
    state.forget_results()  # the page texts stay, now with their marks indexed
    assert [str(h.snippet) for h in search("föräldrakurs tonåring").hits] == first
    assert "<mark>" in first[0]


def test_a_generation_built_before_body_counts_still_finds_words_in_the_text(app, monkeypatch):
    # An index built by the previous version has no ``body_counts`` field;
    # until it is rebuilt, search scores the page text from ``body``.
    def without_counts():
        built = original()
        built.remove("body_counts")
        return built

    original = schema.build_schema
    monkeypatch.setattr("familjeguiden.search.engine.build_schema", without_counts)
    real_document = schema.document_for
    monkeypatch.setattr("familjeguiden.search.engine.document_for",
                        lambda service, versions=None: {k: v for k, v in real_document(service, versions).items()
                                                        if k != "body_counts"})
    publish_edit(app, "bup", "Här finns också ordet kolibrimusik.", notify=False)
    rebuild()
    assert "body_counts" not in get_state().index.schema.names()
    assert [h.slug for h in search("kolibrimusik").hits] == ["bup"]
