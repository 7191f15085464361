"""The results cache is keyed by what measured its results: versions, and a digest of the measuring code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cnnquiz import __version__, cache


def _copy_of_the_package(tmp_path: Path) -> Path:
    copy = tmp_path / "cnnquiz"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_folder_names_the_versions_and_the_code() -> None:
    v = cache.versions()
    name = cache.root().name
    assert name == f"cnnquiz-{__version__}_torch-{v['torch']}_torchvision-{v['torchvision']}_code-{cache.code_digest()}"
    assert cache.root().parent.name == f"results-v{cache.SCHEMA}"
    assert len(cache.code_digest()) == 12


def test_every_measuring_path_exists() -> None:
    for rel in cache.MEASURING_CODE:
        assert (cache.PACKAGE / rel).exists(), rel


def test_a_fix_to_the_measuring_code_changes_the_digest_and_other_code_does_not(tmp_path: Path) -> None:
    package = _copy_of_the_package(tmp_path)
    before = cache.code_digest(package)
    assert before == cache.code_digest()  # the copy has the same sources
    cli = package / "cli" / "main.py"
    cli.write_text(cli.read_text() + "\n# a change outside the measuring code\n")
    cache.code_digest.cache_clear()
    assert cache.code_digest(package) == before
    walk = package / "rf" / "walk.py"
    walk.write_text(walk.read_text() + "\n# a fix to the walk\n")
    cache.code_digest.cache_clear()
    assert cache.code_digest(package) != before


def test_results_of_other_code_or_another_cnnquiz_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.write_profile({"name": "resnet18", "resolution": 160, "macs": 1})
    assert cache.read_profile("resnet18", 160) == {"name": "resnet18", "resolution": 160, "macs": 1}
    monkeypatch.setattr(cache, "code_digest", lambda: "000000000000")
    assert cache.read_profile("resnet18", 160) is None
    monkeypatch.undo()
    monkeypatch.setattr(cache, "__version__", "0.0.0")
    assert cache.read_profile("resnet18", 160) is None
