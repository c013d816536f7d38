"""The coordinator's inbox: triage, replies, referrals (lotsning), reports of concern,
history, reply templates, statistics and retention (gallring)."""

from flask import Flask

from ..i18n import _l

MESSAGE_KINDS = {"fraga": _l("Fråga"), "tillagg": _l("Tillägg från frågeställaren"), "svar": _l("Svar"),
                 "anteckning": _l("Intern anteckning"), "samtal": _l("Samtal")}


def init_app(app: Flask) -> None:
    from ..pages.catalogue import get_catalogue
    from ..signals import initialising
    from . import (  # noqa: F401  (add their views to the blueprint)
        recipient_routes,
        referral_links,  # noqa: F401  (registers the referral link with the outbox)
        stats_routes,
        template_routes,
    )
    from .cli import gallring_command
    from .operations import seed_recipients
    from .routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(gallring_command)

    def _seed(sender, **_extra):
        import click

        with sender.app_context():
            added = seed_recipients(get_catalogue().services)
        if added:
            click.echo(f"Lotsningsmottagare: {added} verksamheter fick sin e-postadress från tjänstesidorna.")

    initialising.connect(_seed, sender=app, weak=False)
