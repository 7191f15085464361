"""Where user data, the cache and extra banks live; CNNQUIZ_HOME overrides the platform dirs."""

from __future__ import annotations

import os
from pathlib import Path

APP = "cnnquiz"


def data_dir() -> Path:
    """The user data folder: $CNNQUIZ_HOME, else platformdirs' user data path."""
    home = os.environ.get("CNNQUIZ_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP)


def cache_dir() -> Path:
    """The cache folder: $CNNQUIZ_HOME/cache, else platformdirs' user cache path."""
    home = os.environ.get("CNNQUIZ_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return platformdirs.user_cache_path(APP)


def default_db_path() -> Path:
    """The progress database: <data dir>/progress.db."""
    return data_dir() / "progress.db"


def extra_bank_dirs() -> list[Path]:
    """Extra bank folders named in $CNNQUIZ_BANK (os.pathsep-separated)."""
    raw = os.environ.get("CNNQUIZ_BANK", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def write_atomically(path: Path, text: str) -> bool:
    """Write a cache file whole or not at all (a temp file renamed into place); False if it failed.

    Caches are optional: a read-only or full disk must not stop a command, so errors are swallowed.
    """
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
        return True
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
