"""axe-core finds no WCAG 2.1 A/AA violation on any public page or page state."""

from __future__ import annotations

import pytest

from .a11y import axe_violations, describe_violations
from .visits import ALL_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("visit", ALL_PAGES, ids=lambda v: v.id)
def test_no_axe_violations(report, visit):
    found = report(visit)
    assert not found.violations, describe_violations(found.url, found.violations)


def test_axe_reports_what_it_finds(page):
    """The harness is not silently passing: a broken page gives a full report."""
    page.goto("/")
    page.evaluate("""() => {
        document.querySelector('label[for=sok-falt]').remove();
        document.querySelector('.lead').style.color = '#bbbbbb';
    }""")
    violations = axe_violations(page)
    assert {"label", "color-contrast"} <= {v["id"] for v in violations}
    text = describe_violations(page.url, violations)
    assert page.url in text and "#sok-falt" in text and "<input" in text
    assert "Form elements must have labels" in text
