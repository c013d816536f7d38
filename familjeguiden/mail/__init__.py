"""The e-mail outbox: rows first, sent later by ``flask outbox send``."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from ..extensions import db

log = logging.getLogger(__name__)
def start_background_sender(app: Flask, interval: float = 5.0) -> threading.Thread:
    """Demo convenience: send the outbox from a thread in the web process."""
    from .outbox import send_due

    def run() -> None:
        while True:
            try:
                with app.app_context():
                    send_due()
                    db.session.remove()
            except Exception:  # noqa: BLE001 - keep the sender alive, the row records the error
                log.exception("Bakgrundssändningen av e-post misslyckades")
            time.sleep(interval)

    thread = threading.Thread(target=run, name="utkorg", daemon=True)
    thread.start()
    return thread


def init_app(app: Flask) -> None:
    from .cli import outbox_cli

    app.cli.add_command(outbox_cli)
    if app.config.get("OUTBOX_BACKGROUND_SENDER") and app.config.get("MAIL_SERVER"):
        start_background_sender(app)
