"""The measured-results cache, below models, calc and verify: JSON files in the user cache dir (no torch import).

A result is only as good as the code that measured it, so the folder is keyed by the cache schema,
cnnquiz's version, the installed torch and torchvision, and a digest of the measuring code's source
(MEASURING_CODE): a fix to the receptive-field walk or to the counting gives a new folder, and the
profiles, catalogue and verdicts measured before it are no longer read.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from cnnquiz import __version__, paths

# Bump when the shape of cached results changes; old files are then ignored, not misread.
SCHEMA = 1
RESULTS_KEY = "verify-results"  # question id -> the verdicts of its claims (verify writes, the quiz reads)

# The source whose output is cached, as paths inside the cnnquiz package (a folder: every .py in it):
# the registry and builders, the receptive-field walk, the counting and profiles, and the claim checks.
MEASURING_CODE = ("models", "rf", "calc/counting.py", "calc/formulas.py", "calc/profile.py", "calc/summary.py",
                  "verify/claims.py", "verify/examples.py", "verify/measure.py")
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Installed torch and torchvision versions, read from package metadata (no import)."""
    return {pkg: paths.installed_version(pkg) or "none" for pkg in ("torch", "torchvision")}


@lru_cache(maxsize=4)
def code_digest(package: Path = PACKAGE) -> str:
    """12 hex digits that change with the path or text of any measuring source file (unreadable: empty)."""
    h = hashlib.blake2b(digest_size=6)
    for rel in MEASURING_CODE:
        path = package / rel
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            try:
                text = file.read_bytes()
            except OSError:
                text = b""
            h.update(file.relative_to(package).as_posix().encode() + b"\0" + text + b"\0")
    return h.hexdigest()


def root() -> Path:
    """This key's cache folder: <cache dir>/results-v1/cnnquiz-V_torch-X_torchvision-Y_code-D."""
    v = versions()
    tag = f"cnnquiz-{__version__}_torch-{v['torch']}_torchvision-{v['torchvision']}_code-{code_digest()}"
    return paths.cache_dir() / f"results-v{SCHEMA}" / re.sub(r"[^A-Za-z0-9._+-]", "_", tag)


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._@+-]", "_", part)


def read(key: str) -> Any | None:
    """The cached JSON value under key, or None when absent or unreadable."""
    try:
        return json.loads((root() / f"{_safe(key)}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(key: str, value: Any) -> None:
    """Store value under key atomically (a failed write leaves no partial file; errors are ignored)."""
    paths.write_atomically(root() / f"{_safe(key)}.json", json.dumps(value, indent=1, sort_keys=True))


def profile_key(name: str, resolution: int) -> str:
    """The key of one model's measured profile at one input resolution."""
    return f"profile-{name}@{resolution}"


def read_profile(name: str, resolution: int) -> dict[str, Any] | None:
    """A model's cached profile dict (see calc.profile.ModelProfile), or None."""
    data = read(profile_key(name, resolution))
    return data if isinstance(data, dict) and data.get("name") == name else None


def write_profile(data: dict[str, Any]) -> None:
    """Cache a profile dict under its name and resolution."""
    write(profile_key(data["name"], int(data["resolution"])), data)


def cached_profiles() -> list[dict[str, Any]]:
    """Every cached profile for the installed versions (any resolution)."""
    out = []
    for path in sorted(root().glob("profile-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "name" in data:
            out.append(data)
    return out


def verify_results(question_id: str) -> list[dict[str, Any]] | None:
    """The cached verdicts of one question's claims, or None when verify has not checked it."""
    data = read(RESULTS_KEY)
    found = data.get(question_id) if isinstance(data, dict) else None
    return found if isinstance(found, list) else None

