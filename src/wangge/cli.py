"""The ``wangge`` command: every batch job is a subcommand (a Django management command).

``wangge demo``, ``wangge analytics run``, ``wangge reorganise`` ... ``wangge help``
lists them all.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.project.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["wangge", *argv])
    args[0] = "wangge"
    if args[1:2] == ["demo"]:
        os.environ.setdefault("WANGGE_DEBUG", "1")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
