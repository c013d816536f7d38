"""Keep secrets and personal data out of log files.

Request logs (the Flask development server's, gunicorn's access log) print
paths; ``/arende/<token>`` and ``/lotsning/<token>`` carry a secret that
opens a case. ``RedactSecrets`` replaces those tokens before any handler
writes the line. The application itself never logs question text, names,
e-mail addresses or phone numbers (tests submit a canary and search the
logs for it).
"""

from __future__ import annotations

import logging
import re

_SECRET_PATHS = re.compile(r"(/(?:arende|lotsning)/)[A-Za-z0-9_.\-]+")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET_PATHS.sub(r"\1[dold]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def init_logging() -> None:
    """Attach the filter to the loggers that print request paths."""
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "familjeguiden"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
