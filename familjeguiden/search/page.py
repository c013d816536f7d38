"""Putting the HTML of ``/sok`` together, fast enough for queries that never repeat.

With varied queries the result cache seldom helps, and rendering the whole
page per request (its layout with some fifteen ``url_for`` calls, texts and
contact numbers, the form with its filter selects, the ask box, a
``url_for`` per link) cost more than the search itself. So what a search
page shares with every other is made once and kept:

* the layout (``search/results.html``), per content generation and
  language, with markers where the query (in the title) and the content go;
* the search form and the ask box (``search/_parts.html``), per filter
  choice, with a marker where the query goes;
* each hit's title, summary and meta line (``search/_hit.html``), per index
  generation: only the snippet between them is made per search;
* the path links to ``/sok`` start with: each link is that path, the
  query quoted once per request, and the filters (slugs, nothing to quote)
  put together in the template.

Per request only ``search/_results.html`` is rendered (without the context
processors: it needs none of ``request``, ``session`` or the CSRF token),
and the markers are replaced. Its texts are looked up in the language's
catalogue, kept with the parts (``i18n.template_gettext``), and the topic and age
names come translated once per language: through Flask-Babel each text
looked up the locale and the catalogue again, some fifteen times a page.
A marker is an HTML comment or a word of capital letters: what a person
typed is escaped or quoted before it is put in, so it can never contain one.

The layout and the parts are kept with the index generation (the state's
``fragments``): a publish changes the index, so a new generation or commit
renews them, as it renews the service pages' HTML. (Asking the catalogue
snapshot instead cost a ``stat`` and its path work on every search.) A
layout carrying flashed messages is rendered for that request only.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from flask import current_app, render_template, session, url_for
from flask_babel import get_translations
from markupsafe import Markup, escape

from ..i18n import current_language, template_gettext
from ..taxonomy import AGE_GROUPS, TOPICS

TITLE_MARK = Markup("<!--sok:rubrik-->")
CONTENT_MARK = Markup("<!--sok:innehall-->")
QUERY_MARK = Markup("<!--sok:fraga-->")
URL_MARK = "SOKFRAGAIADRESS"


def render_page(state, query: str, **context) -> str:
    """The whole search page for ``query`` (``context``: what ``search/_results.html`` shows)."""
    result = context["result"]
    kept = _Kept(state)
    base = kept(("search-path",), lambda: url_for("search.search_page"))
    q_url = f"{base}?q={quote_plus(query)}"
    labels = kept(("search-labels",), _labels)
    context.update(
        query=query,
        form=_form(kept, query, context["age_group"], context["topic"]),
        ask=_ask(kept, query),
        acute_help=_acute_help(kept, context["danger"]),
        q_url=q_url,
        sok_url=sok_url_maker(base),
        hit_list=hit_list_maker(hit_parts_maker(state, kept.language), kept.language),
        facet_links=facet_links_maker(q_url, context["age_group"], context["topic"], labels["escaped"]),
        **labels,
        **template_gettext(kept(("search-catalogue",), get_translations)),
    )
    content = current_app.jinja_env.get_template("search/_results.html").render(context)
    frame = _frame(kept, has_result=result is not None, has_query=bool(query))
    return frame.replace(str(TITLE_MARK), str(escape(query)), 1).replace(str(CONTENT_MARK), content, 1)


class _Kept:
    """This request's view of the HTML kept with the generation (``state.fragments``)."""

    def __init__(self, state):
        self.rendered = state.fragments
        self.language = current_language()

    def __call__(self, key: tuple, render):
        key = (*key, self.language)
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = render()
        return html


def _labels() -> dict:
    """The topic and age names in this language, for the facets and the count line (and escaped, for links)."""
    topics = {slug: str(name) for slug, name in TOPICS.items()}
    ages = {slug: (low, high, str(name)) for slug, (low, high, name) in AGE_GROUPS.items()}
    return {"topics": topics, "age_groups": ages,
            "escaped": {"amne": {slug: str(escape(name)) for slug, name in topics.items()},
                        "alder": {slug: str(escape(name)) for slug, (_low, _high, name) in ages.items()}}}


def _acute_help(kept: _Kept, danger) -> Markup:
    """The acute-help box for the kinds of danger a query suggests, rendered once per kinds and language."""
    if not danger:
        return Markup("")
    return kept(("search-acute-help", tuple(danger.kinds)),
                lambda: Markup(render_template("safety/_acute_help.html", danger=danger)))  # noqa: S704  # nosec B704 (autoescaped template)


SWEDISH_MARK = ' lang="sv" dir="ltr"'


def hit_list_maker(hit_parts, language: str):
    """``hit_list(hits)``: the ordered list of hits, put together in Python (no template per hit).

    A snippet in Swedish on a page in another language is marked
    ``lang="sv"``; the snippet is ``Markup`` already (escaped where made).
    """
    def hit_list(hits) -> Markup:
        items = []
        for hit in hits:
            head, meta = hit_parts(hit)
            snippet = ""
            if hit.snippet:
                marked = SWEDISH_MARK if hit.language != language else ""
                snippet = f'<p class="snippet"{marked}>{escape(hit.snippet)}</p>'
            items.append(f'<li class="result">\n      {escape(head)}\n      {snippet}\n      {escape(meta)}\n    </li>')
        # Every part is escaped above (Markup passes through unchanged).
        return Markup('<ol class="results">\n    ' + "\n    ".join(items) + "\n  </ol>")  # noqa: S704  # nosec B704
    return hit_list


def facet_links_maker(q_url: str, age_group: str, topic: str, names: dict):
    """``facet_links(kind, counts)``: a link per age group (``alder``) or topic (``amne``) with its count.

    Each link keeps the other filter; the chosen one is ``aria-current``.
    ``q_url`` has the query quoted (no ``&`` or quotes), slugs need no quoting.
    """
    keep = {"alder": f"&amp;amne={topic}" if topic else "", "amne": f"&amp;alder={age_group}" if age_group else ""}
    chosen = {"alder": age_group, "amne": topic}

    def facet_links(kind: str, counts: dict) -> Markup:
        labels, current, other = names[kind], chosen[kind], keep[kind]
        links = []
        for slug, count in counts.items():
            href = f"{q_url}&amp;alder={slug}{other}" if kind == "alder" else f"{q_url}{other}&amp;amne={slug}"
            marked = ' aria-current="true"' if slug == current else ""
            links.append(f'<li><a href="{href}"{marked}>{labels[slug]} <span class="count">({count})</span></a></li>')
        # Labels escaped once per language (``_labels``), slugs from the taxonomy, the query quoted.
        return Markup("\n        ".join(links))  # noqa: S704  # nosec B704
    return facet_links


def _frame(kept: _Kept, has_result: bool, has_query: bool) -> str:
    """The layout with markers for the title's query and the content."""
    def render():
        return render_template("search/results.html", query=TITLE_MARK, content=CONTENT_MARK,
                               has_result=has_result, has_query=has_query)

    if "_flashes" in session:
        return render()
    return kept(("search-frame", has_result, has_query), render)


def _parts():
    return current_app.jinja_env.get_template("search/_parts.html").module


def _form(kept: _Kept, query: str, age_group: str, topic: str) -> Markup:
    html = kept(("search-form", age_group, topic, bool(query)),
                 lambda: _parts().form(QUERY_MARK, age_group, topic, bool(query)))
    return html.replace(QUERY_MARK, query)  # Markup.replace escapes the query


def _ask(kept: _Kept, query: str) -> Markup:
    html = kept(("search-ask", bool(query)), lambda: _parts().ask(URL_MARK if query else None))
    return html.replace(URL_MARK, quote_plus(query)) if query else html


def sok_url_maker(path: str):
    """``sok_url(q=..., alder=...)``: a link to /sok, parameters in the order given, empty ones left out."""
    base = path + "?"
    quoted: dict[str, str] = {}

    def sok_url(**params) -> str:
        pairs = []
        for name, value in params.items():
            if value is None or value == "":
                continue
            value = str(value)
            encoded = quoted.get(value)
            if encoded is None:
                encoded = quoted[value] = quote_plus(value)
            pairs.append(f"{name}={encoded}")
        return base + "&".join(pairs) if pairs else base[:-1]
    return sok_url


def hit_parts_maker(state, language: str):
    """``hit_parts(hit)``: a hit's heading with summary, and its meta line, rendered once per generation.

    Per language too: the meta line names the topics, which are translated.
    """
    fragments = state.fragments

    def hit_parts(hit) -> tuple[Markup, Markup]:
        key = (hit.slug, language)
        parts = fragments.get(key)
        if parts is None:
            macros = current_app.jinja_env.get_template("search/_hit.html").module
            parts = fragments[key] = (macros.head(hit), macros.meta(hit))  # macros give Markup
        return parts
    return hit_parts
