"""The catalogue: every registered model's family, aliases, resolution and published weights, cached so reading it needs no torch."""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Any

from cnnquiz import cache
from cnnquiz.errors import UnknownNameError, close_matches
from cnnquiz.models import published, registry
from cnnquiz.models.names import aliases, display_name, family

CACHE_KEY = "catalog"


@dataclass(frozen=True)
class Weights:
    """One published ImageNet-1K weights entry of torchvision (metadata only, nothing downloaded)."""

    name: str
    top1: float
    top5: float | None
    gmacs: float | None  # torchvision's meta "_ops", which it labels GFLOPS but counts multiply-accumulates
    params: int
    crop: int


@dataclass(frozen=True)
class Entry:
    """A registered model as listed by `cnnquiz models`."""

    name: str
    family: str
    aliases: tuple[str, ...]
    resolution: int
    weights: tuple[Weights, ...]  # best top-1 first

    @property
    def best(self) -> Weights | None:
        return self.weights[0] if self.weights else None

    def weights_at(self, resolution: int) -> Weights | None:
        """The best weights evaluated at this crop size, else the best of all."""
        same = [w for w in self.weights if w.crop == resolution]
        return same[0] if same else self.best

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "aliases": list(self.aliases), "weights": [asdict(w) for w in self.weights]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(data["name"], data["family"], tuple(data["aliases"]), int(data["resolution"]),
                   tuple(Weights(**w) for w in data["weights"]))


def _torchvision_entry(name: str) -> Entry:
    rows = tuple(Weights(p.name, float(p.top1), p.top5, p.gmacs, p.num_params, p.crop)
                 for p in published.published(name))
    spellings = (display_name(name), *aliases(name))
    return Entry(name, family(name), tuple(dict.fromkeys(a for a in spellings if a != name)),
                 published.default_resolution(name), rows)


def _paper_entries() -> list[Entry]:
    return [Entry(s.name, s.family, (display_name(s.name),), int(s.resolution or 224), ())
            for s in registry.PAPER_MODELS.values()]


def build_catalog() -> list[Entry]:
    """Read every torchvision model's published metadata (imports torchvision; no model is built)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [_torchvision_entry(name) for name in registry.torchvision_names()]


def catalog() -> dict[str, Entry]:
    """name -> Entry for every registered model, from the cache when it is there (then torch is not imported)."""
    root = cache.root()
    if root not in _MEMO:
        _MEMO.clear()
        _MEMO[root] = _load()
    return _MEMO[root]


_MEMO: dict[object, dict[str, Entry]] = {}


def _load() -> dict[str, Entry]:
    data = cache.read(CACHE_KEY)
    if isinstance(data, list) and data:
        try:
            return {e.name: e for e in [*map(Entry.from_dict, data), *_paper_entries()]}
        except (KeyError, TypeError, ValueError):
            pass
    entries = build_catalog()
    cache.write(CACHE_KEY, [e.to_dict() for e in entries])
    return {e.name: e for e in [*entries, *_paper_entries()]}


def entry(name: str) -> Entry:
    """The catalogue entry of a model name or alias (unknown names raise with suggestions)."""
    return catalog()[registry.resolve(name)]


def families() -> list[str]:
    return sorted({e.family for e in catalog().values()})


def by_family(fam: str) -> list[Entry]:
    """Entries of one family (also accepted: a family's spelling with dashes or underscores)."""
    known = families()
    wanted = fam.lower().replace("_", "-")
    if wanted not in known:
        raise UnknownNameError("family", fam, close_matches(wanted, known))
    return [e for e in catalog().values() if e.family == wanted]
