"""The shipped table of Swedish holidays is the ``holidays`` package's, without its weight in every worker."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from familjeguiden.holiday_calendar import FIRST_YEAR, LAST_YEAR, build_table, from_package, holidays_of

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_table_is_what_the_installed_package_says():
    # If this fails after the package was upgraded, run `flask helgdagar` and look at the difference.
    table = build_table()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        assert holidays_of(year) == {dt.date.fromisoformat(d): n for d, n in table["years"][str(year)].items()}, year


def test_a_year_outside_the_table_is_asked_of_the_package():
    later = holidays_of(LAST_YEAR + 10)
    assert later == from_package(LAST_YEAR + 10)
    eve = next(day for day, name in later.items() if name == "Midsommarafton")
    assert eve.weekday() == 4 and 19 <= eve.day <= 25 and eve.month == 6


def test_a_worker_counting_working_days_and_opening_hours_does_not_load_the_package(instance_path):
    # Importing ``holidays`` and building a Swedish year costs about 17 MB per process.
    code = (
        "import datetime as dt, sys\n"
        "from familjeguiden import create_app\n"
        "create_app()\n"
        "from familjeguiden.workdays import is_working_day\n"
        "from familjeguiden.pages.opening_hours import holiday_on\n"
        "assert not is_working_day(dt.date(2026, 6, 19))\n"
        "assert holiday_on(dt.date(2026, 12, 24)) == 'Julafton'\n"
        "print('holidays' in sys.modules)\n"
    )
    env = dict(os.environ, FAMILJEGUIDEN_INSTANCE_PATH=str(instance_path), FAMILJEGUIDEN_SECRET_KEY="test")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
