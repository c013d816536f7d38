"""Request logs never show the secret in a case link."""

import logging

from familjeguiden.logs import RedactSecrets


def test_case_and_referral_tokens_are_redacted():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '127.0.0.1 - - "GET /arende/%s HTTP/1.1" 200 -', ("AbCdEfGhIjKlMnOpQrStUvWxYz012345",),
                               None)
    RedactSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1 - - "GET /arende/[dold] HTTP/1.1" 200 -'
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "POST /lotsning/MQ.abc-def_1 200",
                               None, None)
    RedactSecrets().filter(record)
    assert record.getMessage() == "POST /lotsning/[dold] 200"


def test_the_filter_is_installed_on_the_request_loggers(app):
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, RedactSecrets) for f in logging.getLogger(name).filters)
