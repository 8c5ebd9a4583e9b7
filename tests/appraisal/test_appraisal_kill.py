"""A month-end close killed with SIGKILL in the middle of writing leaves the month as
it was (v1 published, nothing of the half-written run), and a re-run gives the same
scores. Real processes and a real file database, so nothing is simulated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("kill_helper.py")
pytestmark = pytest.mark.slow


def _run(data: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, str(HELPER), str(data), mode],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _env() -> dict:
    env = dict(os.environ)
    env.pop("WANGGE_DATABASE_URL", None)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_sigkill_during_the_write_leaves_the_previous_state(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    published = _run(data, "setup")
    assert published["runs"] == [[1, "published"]]

    child = subprocess.Popen(
        [sys.executable, str(HELPER), str(data), "kill"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "WRITING", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    assert _run(data, "state") == published  # nothing of version 2 survived
    after = _run(data, "rerun")
    assert after["runs"] == [[1, "published"], [2, "draft"]]
    v1 = [c[1:] for c in after["cards"] if c[0] == 1]
    v2 = [c[1:] for c in after["cards"] if c[0] == 2]
    assert v1 == v2 and v1  # the same result as before
