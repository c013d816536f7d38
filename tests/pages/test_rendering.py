"""Markdown is rendered to safe HTML, whoever wrote it."""

import pytest

from familjeguiden.pages.rendering import render_markdown
from familjeguiden.text import tel_href


@pytest.mark.parametrize("source, forbidden", [
    ("[klicka](javascript:alert(1))", "javascript:"),
    ("[klicka](JaVaScRiPt:alert(1))", "javascript"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("<script>alert(1)</script>", "<script"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<svg onload="alert(1)"></svg>', "onload"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ("[x](vbscript:msgbox(1))", "vbscript"),
])
def test_dangerous_markup_is_removed(source, forbidden):
    html = render_markdown(source)
    assert forbidden.lower() not in html.lower()


def test_safe_links_and_structure_survive():
    html = render_markdown(
        "## Rubrik\n\n- [Ring](tel:+46701740605)\n- [Mejla](mailto:a@example.com)\n"
        "- [Webb](https://www.example.com/)\n- [Vår sida](/fraga)\n\n**Fet**"
    )
    assert '<h2 id="rubrik">Rubrik</h2>' in html
    for href in ('href="tel:+46701740605"', 'href="mailto:a@example.com"', 'href="https://www.example.com/"',
                 'href="/fraga"'):
        assert href in html
    assert "<strong>Fet</strong>" in html
    assert 'rel="noopener noreferrer"' in html


def test_a_level_one_heading_in_the_body_becomes_level_two():
    assert render_markdown("# Titel") == '<h2 id="titel">Titel</h2>'


def test_content_with_script_is_neutralised_on_the_public_page(client, app):
    from familjeguiden.extensions import db
    from familjeguiden.pages.catalogue import bump_generation
    from familjeguiden.pages.models import Page
    from familjeguiden.pages.operations import add_revision
    from familjeguiden.pages.publishing import make_live

    page = db.session.scalar(db.select(Page).where(Page.slug == "qpm"))
    fm = dict(page.published_revision.front_matter, hours='<script>alert("tid")</script>')
    body = '[x](javascript:alert(1))\n\n<img src=x onerror="alert(2)">\n\n<script>alert(3)</script>\n'
    revision = add_revision(page, fm, body, "test", "xss")
    db.session.flush()
    make_live(page, revision)
    db.session.commit()
    bump_generation()
    html = client.get("/tjanster/qpm").get_data(as_text=True)
    assert "javascript:" not in html and "onerror" not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;tid&#34;)&lt;/script&gt;" in html or "&lt;script&gt;" in html


def test_swedish_phone_numbers_become_tel_links():
    assert tel_href("070-174 06 10") == "tel:+46701740610"
    assert tel_href("112") == "tel:112"
