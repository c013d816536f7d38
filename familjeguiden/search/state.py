"""Per-process search state: the open generation, its tables and caches.

A worker keeps one ``IndexState`` per app: the index generation it has
open, the display data of every document (``documents.py``), the synonym
list frozen into that generation, and what it has worked out on it: term
scores (``scoring.py``), typed words (``words.py``), page texts for
snippets, kept HTML (``page.py``) and recent results - each bounded, in
bytes where a value can be large. ``get_state`` checks per request, with
two ``stat`` calls, whether a rebuild swapped the pointer or an update
committed to the generation, and only then opens the new state (dropping
all of that); see ``engine.py`` for the files on disk.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from array import array
from collections import OrderedDict
from pathlib import Path

import numpy as np
from flask import current_app
from whoosh import index as whoosh_index
from whoosh.index import TOC
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from .analysis import fold
from .documents import DocTable, PageMasks
from .engine import current_generation, ensure_index, index_path
from .language_analysis import LANGUAGES
from .scoring import TermScores
from .synonyms import load_snapshot

log = logging.getLogger(__name__)
EXTENSION_KEY = "familjeguiden.search"
CACHE_SIZE = 512
CACHE_BYTES = 4 * 2**20
#: Bytes of page text and marks kept for snippets (all of a few hundred pages; the shown ones of 10,000).
PAGE_TEXT_BYTES = 2 * 2**20


class IndexState:
    """One opened generation in one process.

    Holds the searcher, the display data of every document (``docs``, see ``documents.py``), the
    synonym list frozen into the generation, its vocabulary and spelling
    index (built on first use), cached term scores and recent analyses,
    facet counts and results. All of it is dropped with
    the state when a newer generation or commit appears.
    """

    def __init__(self, generation: Path, content_path: str, token: tuple, synonyms=None):
        self.generation = generation
        self.token = token
        self.index = whoosh_index.open_dir(str(generation))
        #: The table of contents this state was opened on. Every thread's reader opens these segments, so
        #: all threads number the pages alike, even after an update has committed a newer table.
        self.toc = TOC.read(self.index.storage, self.index.indexname)
        self._local = threading.local()
        self.synonyms = synonyms or load_snapshot(generation, content_path)
        #: Keyword text -> the pages having it (an ``array``: 4 bytes a page), until the keyword table is built.
        self._keyword_texts: dict[str, array] | None = {}
        #: Per language version: page number -> (title, summary), and its keyword texts -> pages.
        self._version_shown: dict[str, dict[int, tuple[str, str]]] = {}
        self._version_keywords: dict[str, dict[str, list[int]]] = {}
        self._languages = None
        self.scores = TermScores(self)
        self.docs = DocTable(self._stored_docs(), self.scores.pages)
        self.pages = PageMasks(self.docs, self.scores.pages)
        self.cache: OrderedDict = OrderedDict()
        self._cache_bytes = 0
        self.cache_lock = threading.Lock()
        self._display_words: dict[str, str] = {}
        #: HTML that only changes with the generation: per slug a hit's, and the page's layout and parts
        #: (search/page.py). Bounded by the pages and the few filter choices.
        self.fragments: dict = {}
        self._page_texts: OrderedDict = OrderedDict()
        self._page_text_bytes = 0
        self._spell_index = None
        self._vocabulary = None
        self._keyword_entries = None
        self._words = None
        self._postings = None

    @property
    def postings(self) -> dict:
        """The segments' postings as arrays (``postings.py``): segment id -> ``postings.Segment``."""
        if self._postings is None:
            from .postings import open_segments

            self._postings = open_segments(self.generation, self.reader)
        return self._postings

    def _stored_docs(self):
        """Each page's stored fields, noting its keywords for the keyword table on the way."""
        for docnum, fields in self.reader.iter_docs():
            for entry in fields.get("keywords", "").split(";"):
                self._keyword_texts.setdefault(entry.strip(), array("I")).append(docnum)
            for code in LANGUAGES:
                title = fields.get(f"title_{code}")
                if title:
                    self._version_shown.setdefault(code, {})[docnum] = (title, fields.get(f"summary_{code}", ""))
                    keywords = self._version_keywords.setdefault(code, {})
                    for entry in fields.get(f"keywords_{code}", "").split(";"):
                        keywords.setdefault(entry.strip(), []).append(docnum)
            yield docnum, fields

    @property
    def searcher(self):
        """This thread's searcher on the generation.

        Whoosh readers seek and read a shared file position, so two threads
        must not use one reader at the same time. Each thread opens its own
        (cheap: the segment files are memory-mapped and shared by the OS);
        everything else in the state is shared.
        """
        local = self._local
        searcher = getattr(local, "searcher", None)
        if searcher is None:
            searcher = local.searcher = Searcher(self._open_reader(), fromindex=self.index)
            reader = searcher.reader()
            local.columns = tuple(reader.column_reader(name) if reader.has_column(name) else None
                                  for name in ("text", "marks"))
            local.version_columns = {}
        return searcher

    def _open_reader(self):
        """A reader of this state's segments (``self.toc``), not of whatever table is newest now."""
        toc, storage = self.toc, self.index.storage
        readers = [SegmentReader(storage, toc.schema, segment, generation=toc.generation) for segment in toc.segments]
        if not readers:
            return EmptyReader(toc.schema)
        return readers[0] if len(readers) == 1 else MultiReader(readers, generation=toc.generation)

    @property
    def languages(self):
        """The language versions in this generation: code -> ``multilingual.LanguageIndex`` (only those with pages)."""
        if self._languages is None:
            from .multilingual import LanguageIndex

            self._languages = {code: LanguageIndex(self, code, self._version_shown[code],
                                                   self._version_keywords.get(code, {}))
                               for code in LANGUAGES if self._version_shown.get(code)}
        return self._languages

    def shown_in(self, docnum: int, code: str) -> tuple[str, str] | None:
        """A page's title and summary in a language version, or ``None`` when it has none."""
        return self._version_shown.get(code, {}).get(docnum)

    @property
    def reader(self):
        return self.searcher.reader()

    def body(self, docnum: int, code: str = "sv") -> tuple[str, str]:
        """A page's plain text and where its terms occur (see ``schema.marks_for``), in a version's language."""
        self.searcher  # noqa: B018 - opens this thread's column readers
        if code == "sv":
            text, marks = self._local.columns
        else:
            columns = self._local.version_columns
            if code not in columns:
                reader = self.reader
                columns[code] = tuple(reader.column_reader(name) if reader.has_column(name) else None
                                      for name in (f"text_{code}", f"marks_{code}"))
            text, marks = columns[code]
        if text is None or marks is None:
            return "", ";"
        return text[docnum].decode("utf-8"), marks[docnum].decode("utf-8")

    def page_text(self, docnum: int, code: str = "sv"):
        """A page's text with an index of where its terms occur, kept while space allows (``PAGE_TEXT_BYTES``)."""
        key = docnum if code == "sv" else (docnum, code)
        with self.cache_lock:
            found = self._page_texts.get(key)
            if found is not None:
                self._page_texts.move_to_end(key)
                return found
        from .snippets import PageText

        found = PageText(*self.body(docnum, code))
        with self.cache_lock:
            if key not in self._page_texts:
                self._page_texts[key] = found
                self._page_text_bytes += found.nbytes
            while self._page_text_bytes > PAGE_TEXT_BYTES and len(self._page_texts) > 1:
                _docnum, dropped = self._page_texts.popitem(last=False)
                self._page_text_bytes -= dropped.nbytes
        return found

    def forget_results(self) -> None:
        """Drop the recent analyses, results and pages (``cached``), so the next search is computed."""
        with self.cache_lock:
            self.cache.clear()
            self._cache_bytes = 0

    def forget_computed(self) -> None:
        """Drop term scores, words, page texts and results, as right after opening (the cold path)."""
        self.scores.forget_terms()
        for index in (self._languages or {}).values():
            index.forget()
        self.words.forget()
        self.forget_results()
        with self.cache_lock:
            self._page_texts.clear()
            self._page_text_bytes = 0

    def spell_index(self):
        """The deletion index of the ``spell`` words and the synonym list's words, built on the first typo.

        With the synonyms: a typo of a word only the list has ("pannikångest"
        of "panikångest") is corrected to it, and its group finds the pages.
        """
        if self._spell_index is None:
            from .spelling import SpellIndex

            self._spell_index = SpellIndex(set(self.reader.field_terms("spell")) | self.synonyms.words())
        return self._spell_index

    @property
    def keyword_entries(self) -> dict[str, list[tuple[frozenset[str], np.ndarray]]]:
        """Index term -> ``(terms of a keyword entry having it, pages with that entry)``.

        One row per distinct entry, not per page: pages share their
        keywords, and at 10,000 pages a row per page and entry took 20 MB
        (see ``ranking.keyword_factors``).
        """
        if self._keyword_entries is None:
            from .analysis import analyse

            pages: dict[frozenset[str], set[int]] = {}
            for entry, docnums in (self._keyword_texts or {}).items():
                terms = frozenset(analyse(entry))
                if terms:
                    pages.setdefault(terms, set()).update(docnums)
            self._keyword_texts = None
            table: dict[str, list[tuple[frozenset[str], np.ndarray]]] = {}
            for terms, docnums in pages.items():
                row = (terms, np.array(sorted(docnums), np.int64))
                for term in terms:
                    table.setdefault(term, []).append(row)
            self._keyword_entries = table
        return self._keyword_entries

    @property
    def words(self):
        """Each typed word's analysis in this generation, worked out once (see ``words.py``)."""
        if self._words is None:
            from .words import Words

            self._words = Words(self)
        return self._words

    @property
    def vocabulary(self):
        """The generation's words, for known-word checks and splitting compounds."""
        if self._vocabulary is None:
            from .vocabulary import Vocabulary

            self._vocabulary = Vocabulary(self.reader.field_terms("spell"), self.scores.known,
                                          self.synonyms.words(), self.scores.doc_frequency)
        return self._vocabulary

    def phrase_scores(self, q) -> dict[int, float]:
        """``{docnum: score}`` of a Whoosh phrase query, with this thread's searcher."""
        found = {}
        for sub, offset in self.searcher.leaf_searchers():
            matcher = q.matcher(sub, sub.context())
            while matcher.is_active():
                found[matcher.id() + offset] = matcher.score()
                matcher.next()
        return found

    def cached(self, key, compute):
        """Recent analyses, results, facet counts and finished pages: ``CACHE_SIZE`` entries, ``CACHE_BYTES``.

        Bounded by bytes too: at 10,000 pages the ranking of a common word
        holds thousands of pages.
        """
        with self.cache_lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key][0]
        value = compute()
        size = _size(value)
        with self.cache_lock:
            old = self.cache.pop(key, None)
            if old is not None:
                self._cache_bytes -= old[1]
            self.cache[key] = (value, size)
            self._cache_bytes += size
            while len(self.cache) > 1 and (len(self.cache) > CACHE_SIZE or self._cache_bytes > CACHE_BYTES):
                _key, (_value, dropped) = self.cache.popitem(last=False)
                self._cache_bytes -= dropped
        return value

    def display_word(self, folded: str) -> str:
        """How the pages spell a folded word (``skilsmassa`` -> ``skilsmässa``), else the synonym list."""
        found = self._display_words.get(folded)
        if found is None:
            found = self.synonyms.written(folded) or folded
            on_pages = ("spell", folded) in self.reader
            for docnum in list(self.reader.postings("spell", folded).all_ids())[:3] if on_pages else ():
                info = self.docs.get(docnum)
                if info is None:
                    continue
                keywords = self.reader.stored_fields(docnum).get("keywords", "")
                text = " ".join([info.title, keywords, info.summary, self.body(docnum)[0]])
                match = next((w for w in re.findall(r"[^\W\d_]+", text) if fold(w) == folded), None)
                if match:
                    found = match.lower()
                    break
            self._display_words[folded] = found
        return found


def _size(value) -> int:
    """About how many bytes a cached value holds (``nbytes`` where a value says, else its text)."""
    size = getattr(value, "nbytes", None)
    if size is not None:
        return size
    if isinstance(value, str):
        return len(value) + 100
    return 2000


class _ProcessState:
    def __init__(self):
        self.lock = threading.Lock()
        self.current: IndexState | None = None
        self.pointer_id: tuple | None = None


def _stat_id(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def get_state(app=None) -> IndexState:
    """This process's open index, reopened when a new generation or commit exists."""
    app = app or current_app._get_current_object()
    state: _ProcessState = app.extensions[EXTENSION_KEY]
    path = index_path(app)
    current = state.current
    if current is not None:
        pointer_id = _stat_id(path)
        if pointer_id == state.pointer_id and _stat_id(current.generation) == current.token:
            return current
    with state.lock:
        pointer_id = _stat_id(path)
        generation = current_generation(path)
        if generation is None:
            ensure_index(app)
            pointer_id, generation = _stat_id(path), current_generation(path)
        token = _stat_id(generation)
        current = state.current
        if current is None or current.generation != generation or current.token != token:
            same_generation = current is not None and current.generation == generation
            state.current = _open(generation, app.config["CONTENT_PATH"], token,
                                  current.synonyms if same_generation else None)
        state.pointer_id = pointer_id
        return state.current


#: Times a generation is opened again when an update committed while it opened.
OPEN_ATTEMPTS = 5


def _open(generation: Path, content_path: str, token: tuple, synonyms) -> IndexState:
    """Open ``generation``; again if an update committed to it meanwhile.

    An update that merges segments removes their files once its new table
    of contents is written. A process that read the old table just before
    then finds a segment's file gone while it opens it (Whoosh reads some
    files only when first asked). The folder's stat changes with every such
    commit, so a failure with a changed stat is that race, and opening again
    reads the new table; a failure with the same stat is a real one.
    """
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            return IndexState(generation, content_path, token, synonyms=synonyms)
        except Exception:
            newer = _stat_id(generation)
            if newer == token or newer is None or attempt == OPEN_ATTEMPTS:
                raise
            log.info("Sökindexet ändrades medan det öppnades (%s); öppnar igen", generation.name)
            token = newer
    raise AssertionError("unreachable")  # pragma: no cover


def init_state(app) -> None:
    app.extensions.setdefault(EXTENSION_KEY, _ProcessState())
