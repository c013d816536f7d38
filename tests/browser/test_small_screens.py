"""Small screens and zoom: no sideways scrolling, no text cut off (WCAG 1.4.10 Reflow).

Two cases: a 320 CSS px wide phone, and a 1280 px wide screen zoomed to
200 %, which lays the page out exactly like a 640 CSS px wide window. Each
page state is checked at both widths in the visit the other checks share
(see ``inspection.layout_problems``). The one exception WCAG makes, a data
table that keeps its columns, may scroll sideways inside its own wrapper if
that wrapper fits the window and is a named region a keyboard can reach.

The screenshots go to tests/artifacts/screenshots/ (not in git). Three of
them are copied by hand to docs/screenshots/ for the README (through
``pngquant`` to keep them small); refresh those when the design changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .inspection import SMALL_WINDOWS, layout_problems
from .visits import ALL_PAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"


def describe(url: str, found: dict[str, list[str]]) -> str:
    return "\n".join(f"{url} i {name}:\n  " + "\n  ".join(problems) for name, problems in found.items())


@pytest.mark.parametrize("visit", ALL_PAGES, ids=lambda v: v.id)
def test_no_sideways_scrolling_and_no_cut_off_text(report, visit):
    found = report(visit)
    assert not found.layout, describe(found.url, found.layout)


def test_layout_check_finds_problems(page):
    """The check itself works: a wide word and clipped text are reported at both widths."""
    page.goto("/")
    page.evaluate("""() => {
        const wide = document.createElement('p');
        wide.textContent = 'Långtord'.repeat(20);
        wide.style.whiteSpace = 'nowrap';
        document.querySelector('main').append(wide);
        const lead = document.querySelector('.lead');
        lead.style.overflow = 'hidden';
        lead.style.whiteSpace = 'nowrap';
    }""")
    found = layout_problems(page)
    assert set(found) == set(SMALL_WINDOWS)
    text = describe(page.url, found)
    assert "rulla i sidled" in text and "text klipps av: <p.lead>" in text and "text utanför fönstret" in text
    assert page.viewport_size == {"width": 1280, "height": 800}, "fönstret återställdes inte"


def test_layout_check_lets_only_keyboard_scrollable_tables_scroll(page):
    """A wide data table may scroll sideways in its own region (WCAG 1.4.10), if a keyboard can reach it."""
    page.goto("/")
    page.evaluate("""() => {
        const row = Array.from({length: 12}, (_, i) => `<td>Kolumn${i}</td>`).join('');
        for (const accessible of [false, true]) {
            const box = document.createElement('div');
            box.className = 'table-wrap';
            if (accessible) {
                box.setAttribute('role', 'region');
                box.setAttribute('tabindex', '0');
                box.setAttribute('aria-label', 'Bred tabell');
            }
            box.innerHTML = `<table><tr>${row}</tr></table>`;
            document.querySelector('main').append(box);
        }
    }""")
    found = layout_problems(page)
    assert set(found) == set(SMALL_WINDOWS)
    for problems in found.values():
        assert len(problems) == 1 and "går inte att nå med tangentbordet" in problems[0], problems
    page.evaluate("document.querySelector('.table-wrap:not([role])').remove()")
    assert layout_problems(page) == {}


SHOTS = {"start": "/", "steget": "/tjanster/steget", "sok": "/sok?q=steget", "fraga": "/fraga"}


@pytest.mark.parametrize("width", [320, 1280])
def test_screenshots(new_context, search_available, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(viewport={"width": width, "height": 640 if width == 320 else 800})
    page = context.new_page()
    for name, path in SHOTS.items():
        if path.startswith("/sok") and not search_available:
            continue
        response = page.goto(path)
        assert response.status == 200, path
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000
