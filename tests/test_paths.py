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


def test_installed_version_is_what_importlib_metadata_finds():
    from importlib import metadata

    for dist in ("torch", "torchvision", "typer", "rich", "numpy", "PyYAML", "markdown-it-py", "typing_extensions",
                 "cnnquiz", "no-such-distribution-here"):
        try:
            expected = metadata.version(dist)
        except metadata.PackageNotFoundError:
            expected = None
        assert paths.installed_version(dist) == expected, dist


def test_installed_version_reads_a_dist_info_folder_first_on_sys_path(tmp_path, monkeypatch):
    info = tmp_path / "Some_Pkg-1.2.post3+local.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: some-pkg\nVersion: 1.2.post3+local\n\nVersion: 9\n")
    later = tmp_path / "later"
    (later / "some_pkg-0.1.dist-info").mkdir(parents=True)
    (later / "some_pkg-0.1.dist-info" / "METADATA").write_text("Name: some-pkg\nVersion: 0.1\n")
    monkeypatch.syspath_prepend(str(later))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert paths.installed_version("some.pkg") == "1.2.post3+local"  # the first on sys.path, its header only


def test_reading_versions_does_not_import_importlib_metadata():
    import subprocess
    import sys

    code = ("import sys; from cnnquiz import cache; from cnnquiz.models import registry; "
            "cache.versions(); registry.torchvision_version(); print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"
