"""Swedish holidays, from a table made with the ``holidays`` package.

Response targets (``workdays``) and opening hours (``pages.opening_hours``)
need the public holidays (röda dagar) and the de facto ones that municipal
staff have off (midsommarafton, julafton, nyårsafton). The maintained
``holidays`` package knows them, but importing it and building one year's
Swedish calendar loads some 300 modules and their translations: about
17 MB in every worker, for a few dozen dates a year.

So the dates and their Swedish names for ``FIRST_YEAR``-``LAST_YEAR`` are
shipped in ``helgdagar.json``, made by ``write_table`` (run ``flask
helgdagar``) from the package itself, and ``tests/test_holiday_calendar.py``
checks that the table is what the installed package says. A year outside
the table is asked of the package directly (imported only then), so a date
in 2070 is still right, only dearer.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache, lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("helgdagar.json")
COUNTRY = "SE"
#: ``holidays`` categories: public holidays and the de facto days off.
CATEGORY_NAMES = ("public", "de_facto")
FIRST_YEAR, LAST_YEAR = 2000, 2060


@lru_cache(maxsize=128)
def holidays_of(year: int) -> dict[dt.date, str]:
    """The closed days of ``year`` with their Swedish names ("Midsommarafton")."""
    shipped = _table().get(str(year))
    if shipped is not None:
        return {dt.date.fromisoformat(day): name for day, name in shipped.items()}
    return from_package(year)


def from_package(year: int) -> dict[dt.date, str]:
    """``year``'s closed days as the ``holidays`` package gives them (imports it)."""
    import holidays

    calendar = holidays.country_holidays(COUNTRY, years=year, categories=CATEGORY_NAMES, language="sv")
    return dict(sorted(calendar.items()))


def build_table(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict:
    """The table ``helgdagar.json`` holds: per year, ISO date -> Swedish name, and the package's version."""
    import holidays

    years = {str(year): {day.isoformat(): name for day, name in from_package(year).items()}
             for year in range(first, last + 1)}
    return {"source": f"holidays {holidays.__version__}", "country": COUNTRY,
            "categories": list(CATEGORY_NAMES), "years": years}


def write_table(path: Path = TABLE_PATH) -> Path:
    path.write_text(json.dumps(build_table(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                    encoding="utf-8")
    holidays_of.cache_clear()
    _table.cache_clear()
    return path


@cache
def _table() -> dict[str, dict[str, str]]:
    return json.loads(TABLE_PATH.read_text(encoding="utf-8"))["years"]
