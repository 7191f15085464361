"""Where user data, the cache and extra banks live (CNNQUIZ_HOME overrides), and safe atomic file writes."""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from cnnquiz.errors import CnnquizError, UsageError

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


def installed_version(dist: str) -> str | None:
    """A distribution's installed version (None: not installed), as importlib.metadata.version finds it.

    The metadata file of the first `<name>-<version>.dist-info` / `.egg-info` folder on sys.path is read
    directly: importing importlib.metadata costs ~20 ms of start-up. Anything unusual on the way (a zip on
    sys.path, a metadata file without a version) is left to importlib.metadata.
    """
    want = re.sub(r"[-_.]+", "_", dist).lower()
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return _metadata_version(dist)  # a zip or egg file: importlib.metadata knows those
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            stem, _, suffix = name.rpartition(".")
            if suffix in ("dist-info", "egg-info") and re.sub(r"[-_.]+", "_", stem.split("-")[0]).lower() == want:
                meta = os.path.join(folder, name, "METADATA" if suffix == "dist-info" else "PKG-INFO")
                return _version_line(meta) or _metadata_version(dist)
    return None


def _version_line(meta: str) -> str | None:
    """The `Version:` header of a METADATA / PKG-INFO file (None: unreadable or no such header)."""
    try:
        with open(meta, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Version:"):
                    return line[len("Version:"):].strip() or None
                if not line.strip():  # the headers end at the first blank line
                    return None
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _metadata_version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def write_atomically(path: Path, text: str) -> bool:
    """Write a cache file whole or not at all (a temp file renamed into place); False if it failed.

    Caches are optional: a read-only or full disk must not stop a command, so errors are swallowed.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text.encode("utf-8"))
        return True
    except (OSError, CnnquizError):
        return False


def output_target(path: Path) -> Path:
    """The file an output path names (symlinks followed), refused unless it is a regular file or nothing.

    Devices, FIFOs and folders are refused with one line (UsageError); a missing folder too.
    """
    path = Path(path)
    try:
        target = Path(os.path.realpath(path))
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{path} is a folder; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(f"{path} is not a regular file (a device, FIFO or socket); cnnquiz writes only files")
    if not target.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")
    return target


def replace_file(path: Path, data: bytes, mode: int = 0o666) -> Path:
    """Write data whole or not at all: a temp file beside the target, fsync, then os.replace.

    Only a regular file (or nothing) is replaced; a failed write leaves the previous file intact
    and no temp file behind. OSError propagates (callers word it).
    """
    target = output_target(path)
    tmp = _temp_beside(target, data, mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def _temp_beside(path: Path, data: bytes, mode: int) -> Path:
    """A fsynced temp file holding data in path's folder, with ordinary permissions (mkstemp makes 0600)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, mode & ~umask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_file(path: Path, data: bytes, mode: int = 0o666) -> Path:
    """Write a new file whole or not at all (temp file, fsync, hard link); FileExistsError if one is there."""
    path = Path(path)
    tmp = _temp_beside(path, data, mode)
    try:
        os.link(tmp, path)  # never replaces: fails if path exists
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return path


def write_output(path: Path, data: bytes | str) -> Path:
    """replace_file for a user's output file: an OSError becomes one line (CnnquizError, exit 1)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        return replace_file(path, raw)
    except OSError as exc:
        raise CnnquizError(f"cannot write {path}: {exc.strerror or exc}") from None
