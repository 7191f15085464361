"""User paths and cache files: CNNQUIZ_HOME overrides, atomic cache writes that never raise."""

from __future__ import annotations

from cnnquiz import paths


def test_cnnquiz_home_holds_data_and_cache(isolated_home):
    assert paths.default_db_path() == isolated_home / "progress.db"
    assert paths.cache_dir() == isolated_home / "cache"


def test_write_atomically_replaces_whole_files_and_leaves_no_temp(tmp_path):
    target = tmp_path / "deep" / "x.json"
    assert paths.write_atomically(target, "one")
    assert paths.write_atomically(target, "two")
    assert target.read_text() == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.json"]


def test_write_atomically_into_a_file_path_fails_quietly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert not paths.write_atomically(blocker / "x.json", "data")
