"""A facts import killed with SIGKILL leaves the store and the database as they were,
and running it again gives the month of the new file. Real processes, a real file
database and a real store: nothing is simulated."""

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


def _env() -> dict:
    env = dict(os.environ)
    env.pop("WANGGE_DATABASE_URL", None)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return env


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


def _kill_at(data: Path, mode: str, signal_line: str) -> None:
    child = subprocess.Popen(
        [sys.executable, str(HELPER), str(data), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == signal_line, child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    before = _run(data, "setup")
    assert before["runs"] == [["old.csv", "done"]]
    assert (before["billed"], before["rows"]) == ([1000], 3000)
    return data


def test_killed_while_staging_the_month_leaves_it_as_it_was_and_a_rerun_completes(data):
    _kill_at(data, "kill-stage", "STAGING")
    after = _run(data, "state")
    assert after["runs"] == [["old.csv", "done"]]  # no run of new.csv was recorded
    assert (after["billed"], after["rows"]) == ([1000], 3000)  # November as it was
    assert after["staging_left"] == [] and after["recovered"]  # the half-staged month is gone
    rerun = _run(data, "rerun")
    assert rerun["runs"] == [["old.csv", "done"], ["new.csv", "done"]]
    assert (rerun["billed"], rerun["rows"]) == ([1234], 3000)


def test_killed_between_the_commit_and_the_swap_the_recorded_month_is_put_live(data):
    _kill_at(data, "kill-swap", "COMMITTED")
    after = _run(data, "state")  # the next process recovers: the database says new.csv is in
    assert after["runs"] == [["old.csv", "done"], ["new.csv", "done"]]
    assert (after["billed"], after["rows"]) == ([1234], 3000)
    rerun = _run(data, "rerun")  # the same file again: already imported, nothing changes
    assert rerun["runs"] == after["runs"] and rerun["billed"] == [1234]
