"""The interface pages (home, lists, the question form, the case page, search) in each full version."""

from __future__ import annotations

import pytest

from familjeguiden.languages import LANGUAGES

from .test_versions import VERSIONS, _check

INTERFACE_PAGES = ["/", "/tjanster/", "/fraga", "/arende", "/sok?q=familj"]


@pytest.mark.parametrize("code", VERSIONS)
def test_interface_pages_are_in_the_language(client, code):
    prefix = LANGUAGES[code].prefix
    problems = [problem for page in INTERFACE_PAGES if (problem := _check(client, prefix + page, code))]
    assert problems == [], "\n".join(problems)
