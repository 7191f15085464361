"""Packaging: the version is consistent, `python -m cnnquiz` runs, and the wheel ships the bank."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from cnnquiz import __version__
from tests.conftest import REPO, fresh_env


def test_version_matches_pyproject():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert meta["project"]["version"] == __version__


def test_python_floor_is_the_one_declared_documented_and_running():
    """3.11 is the floor: the suite reads pyproject with tomllib (3.11+) and nothing runs an older Python."""
    floor = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert floor == ">=3.11"
    assert "`python3` (3.11+)" in (REPO / "README.md").read_text()
    assert sys.version_info >= (3, 11)


def test_python_dash_m(tmp_path):
    out = subprocess.run([sys.executable, "-m", "cnnquiz", "--version"], capture_output=True, text=True,
                         env=fresh_env(tmp_path), check=True)
    assert out.stdout.strip() == f"cnnquiz {__version__}"


@pytest.mark.slow
def test_wheel_ships_the_bank_and_reads_it_through_importlib_resources(tmp_path):
    src = tmp_path / "src"  # a clean copy, so no stale build/ folder of the checkout leaks in
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    for folder in ("cnnquiz", "questions"):
        shutil.copytree(REPO / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels)], check=True, capture_output=True)
    wheel = next(wheels.glob("cnnquiz-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("cnnquiz/questions/") and n.endswith(".yaml"))
    assert [Path(n).name for n in shipped] == sorted(p.name for p in (REPO / "questions").glob("*.yaml"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import cnnquiz, sys; from cnnquiz.bank import load_bank; "
            "print(cnnquiz.__file__); print(len(load_bank()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env=fresh_env(tmp_path, PYTHONPATH=str(target)), check=True)
    installed_at, count = out.stdout.split()
    assert installed_at.startswith(str(target)) and int(count) == len(list(_repo_ids()))


def _repo_ids():
    from cnnquiz.bank import load_bank

    return load_bank().ids
