"""Shared fixtures: every test gets its own CNNQUIZ_HOME, a pinned terminal width, and a CLI runner."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cnnquiz.cli.main import app

REPO = Path(__file__).resolve().parent.parent
WIDTH = "100"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user dirs: CNNQUIZ_HOME is a fresh temp folder for each test."""
    home = tmp_path / "home"
    monkeypatch.setenv("CNNQUIZ_HOME", str(home))
    monkeypatch.delenv("CNNQUIZ_BANK", raising=False)
    monkeypatch.setenv("COLUMNS", WIDTH)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    return home


@pytest.fixture
def cli():
    """Run the cnnquiz app in-process: cli("bank", "list", input=...) -> Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env={"COLUMNS": WIDTH, **(env or {})},
                             catch_exceptions=False)

    return run


def cnnquiz_cmd() -> list[str]:
    """The argv prefix that runs the installed CLI in a fresh process."""
    exe = Path(sys.executable).with_name("cnnquiz")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cnnquiz"]


def fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a subprocess: this test's CNNQUIZ_HOME, pinned width, no colour."""
    env = {k: v for k, v in os.environ.items() if k != "CNNQUIZ_BANK"}
    env.update(CNNQUIZ_HOME=str(home), COLUMNS=WIDTH, NO_COLOR="1", **extra)
    return env
