"""``wangge serve``: the production web server (gunicorn), static files collected first.

The task worker is a separate process (``wangge db_worker``), supervised on its own.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """Gunicorn's rule of thumb, capped so a large machine does not exhaust the database."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


class WanggeServer(BaseApplication):
    """Gunicorn configured from the command's options instead of its own command line."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from wangge.project.wsgi import application

        return application


class Command(BaseCommand):
    help = "Collect the static files and serve wangge with gunicorn (production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="address to listen on (127.0.0.1:8000)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default: 2 × cores + 1, at most 8)",
        )
        parser.add_argument(
            "--timeout", type=int, default=120, help="seconds before a silent worker is restarted"
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENV:
            raise CommandError(
                "WANGGE_SECRET_KEY is not set: a production server signs sessions and "
                "password-reset links with it, so it must be its own secret, kept outside "
                "the data directory (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))'). Set WANGGE_DEBUG=1 only for a demo."
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        bind, workers = options["bind"], options["workers"]
        self.stdout.write(f"wangge serving on http://{bind}/ ({workers} workers)")
        WanggeServer(
            {
                "bind": bind,
                "workers": workers,
                "timeout": options["timeout"],
                "accesslog": "-",
            }
        ).run()
