"""The command-line reference in docs/ is what the commands really accept."""

from pathlib import Path

from wangge.project.management.commands.cli_docs import reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "CLI.md"


def test_docs_cli_md_is_up_to_date_with_every_command_and_option():
    assert DOC.read_text(encoding="utf-8") == reference(), (
        "docs/CLI.md is stale: run `wangge cli_docs --output docs/CLI.md`"
    )
