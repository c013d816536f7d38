"""The XSS checker used by the tests must itself catch what it claims to."""

import pytest

from tests.htmlcheck import executable_markup


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>', '<a href="java\tscript:alert(1)">x</a>', '<a href="vbscript:x">x</a>',
    "<svg onload=alert(1)>", '<iframe src="//evil.example"></iframe>',
    '<p style="x">y</p>', '<a href="data:text/html,x">x</a>', '<meta http-equiv="refresh" content="0;url=x">',
])
def test_dangerous_markup_is_found(html):
    assert executable_markup(html)


@pytest.mark.parametrize("html", [
    "&lt;script&gt;alert(1)&lt;/script&gt;", '<a href="/tjanster/steget">x</a>', '<a href="tel:+4670">x</a>',
    "<p>text med onerror=alert(1) som ren text</p>", '<a href="java    script:alert(1)">relativ</a>',
    '<mark>ord</mark>', '<a href="https://www.example.com/">x</a>',
])
def test_harmless_markup_passes(html):
    assert executable_markup(html) == []
