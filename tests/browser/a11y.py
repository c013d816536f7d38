"""axe-core in the browser, and readable reports of what it finds.

axe-core's JavaScript comes from the ``axe-playwright-python`` package (a
test dependency), which ships ``axe.min.js`` inside its wheel: nothing is
downloaded at run time. The script goes into the page through the DevTools
protocol (``context.add_init_script``, or ``page.evaluate`` as a fallback),
which the app's Content-Security-Policy does not block, so the policy stays
as strict as in production (no ``bypass_csp``). An init script is parsed
once and cached by Chromium, which makes each page's check about twice as
fast as evaluating the 570 kB script on every page.
"""

from __future__ import annotations

import json

from axe_playwright_python.base import AXE_SCRIPT

#: The success criteria Familjeguiden promises: WCAG 2.1 level A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def install_axe(context) -> None:
    """Make axe-core available in every page this context opens."""
    context.add_init_script(script=AXE_SCRIPT)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return its WCAG 2.1 AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)}).then(r => r.violations)")


def describe_violations(url: str, violations: list[dict]) -> str:
    """Rule, help text, failing elements (selector and HTML) and the page URL."""
    lines = [f"axe-core hittade {len(violations)} WCAG 2.1 AA-brott på {url}:"]
    for violation in violations:
        lines.append(f"\n* {violation['id']} ({violation.get('impact') or 'okänd allvarlighet'}): "
                     f"{violation['help']}\n  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"  - {target}\n    {node.get('html', '').strip()[:400]}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)
