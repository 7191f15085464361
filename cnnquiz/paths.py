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
