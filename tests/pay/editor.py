"""What the distribution editor posts: its formset's rows (prefix ``split``), a row a person."""

from __future__ import annotations


def split_post(rows: dict[int, tuple[str, str]], action: str = "save") -> dict[str, str]:
    """The editor's POST for ``{person id: (yuan typed, reason)}`` and the button pressed."""
    data = {
        "split-TOTAL_FORMS": str(len(rows)),
        "split-INITIAL_FORMS": str(len(rows)),
        "action": action,
    }
    for i, (pid, (disc, reason)) in enumerate(rows.items()):
        data |= {
            f"split-{i}-person": str(pid),
            f"split-{i}-disc": disc,
            f"split-{i}-reason": reason,
        }
    return data
