"""The zoo catalogue: each model's family, aliases, resolution and published weights, cached so reading it needs no torch."""

from __future__ import annotations

import re
import warnings
from dataclasses import asdict, dataclass
from typing import Any

from cnnquiz import cache
from cnnquiz.calc import zoo
from cnnquiz.errors import UnknownNameError, close_matches

CACHE_KEY = "catalog"

# Non-torchvision models built by calc.paper_models (kept here as plain data so reading needs no torch):
# name -> (family, input resolution). tests/test_compare.py checks this against PAPER_MODELS.
PAPER_ENTRIES: dict[str, tuple[str, int]] = {
    "mobilenet_v1": ("mobilenet-v1", 224),
    "se_resnet50": ("se-resnet", 224),
    "wrn_28_10": ("wide-resnet", 32),
}

# (pattern on the torchvision name, replacement) giving the name papers use: resnet50 -> ResNet-50.
_DISPLAY: tuple[tuple[str, str], ...] = (
    (r"^wide_resnet(\d+)_(\d+)$", r"Wide ResNet-\1-\2"),
    (r"^wrn_(\d+)_(\d+)$", r"WRN-\1-\2"),
    (r"^se_resnet(\d+)$", r"SE-ResNet-\1"),
    (r"^resnext(\d+)_(\w+)$", r"ResNeXt-\1 (\2)"),
    (r"^resnet(\d+)$", r"ResNet-\1"),
    (r"^vgg(\d+)_bn$", r"VGG-\1-BN"),
    (r"^vgg(\d+)$", r"VGG-\1"),
    (r"^densenet(\d+)$", r"DenseNet-\1"),
    (r"^efficientnet_v2_(\w)$", r"EfficientNetV2-\1"),
    (r"^efficientnet_(b\d)$", r"EfficientNet-\1"),
    (r"^mobilenet_v(\d)_(\w+)$", r"MobileNetV\1-\2"),
    (r"^mobilenet_v(\d)$", r"MobileNetV\1"),
    (r"^convnext_(\w+)$", r"ConvNeXt-\1"),
    (r"^regnet_(\w)_(\d+)_(\d+)(\w+)$", r"RegNet\1-\2.\3\4"),
    (r"^regnet_(\w)_(\d+)(\w+)$", r"RegNet\1-\2\3"),
    (r"^shufflenet_v2_x(\d)_(\d)$", r"ShuffleNetV2 x\1.\2"),
    (r"^squeezenet(\d)_(\d)$", r"SqueezeNet \1.\2"),
    (r"^mnasnet(\d)_(\d+)$", r"MNASNet \1.\2"),
    (r"^vit_(\w)_(\d+)$", r"ViT-\1/\2"),
    (r"^swin_v2_(\w)$", r"Swin-V2-\1"),
    (r"^swin_(\w)$", r"Swin-\1"),
    (r"^maxvit_(\w)$", r"MaxViT-\1"),
    (r"^alexnet$", "AlexNet"),
    (r"^googlenet$", "GoogLeNet"),
    (r"^inception_v3$", "Inception-v3"),
)


def display_name(name: str) -> str:
    """The name papers and people use for a model: ResNet-50, EfficientNet-B0, ViT-B/16, RegNetY-1.6GF."""
    for pattern, repl in _DISPLAY:
        if re.match(pattern, name):
            out = re.sub(pattern, repl, name)
            # Size letters read upper-case (B0, S, 400MF), size words title-case (Large); not v3 or x1.0.
            out = re.sub(r"(?<=[-/ ])([a-uwyz])(?=\d|$|/)", lambda m: m.group(1).upper(), out)
            out = re.sub(r"(?<=-)(large|small|tiny|base)$", lambda m: m.group(1).title(), out)
            return re.sub(r"(\d)(mf|gf)$", lambda m: m.group(1) + m.group(2).upper(), re.sub(
                r"RegNet(\w)", lambda m: "RegNet" + m.group(1).upper(), out))
    return name


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
    """A zoo model as listed by `cnnquiz models`."""

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


def _entry(name: str) -> Entry:
    rows = tuple(Weights(p.name, float(p.top1), p.top5, p.gmacs, p.num_params, p.crop)
                 for p in zoo.published(name))
    aliases = (display_name(name), *zoo.aliases(name))
    return Entry(name, zoo.family(name), tuple(dict.fromkeys(a for a in aliases if a != name)),
                 zoo.default_resolution(name), rows)


def build_catalog() -> list[Entry]:
    """Read every zoo model's published metadata from torchvision (imports it; no model is built)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [_entry(name) for name in zoo.model_names()]


def resolve(name: str) -> str:
    """A torchvision or paper model's name from any listed spelling; else zoo.resolve (prefixes, suggestions)."""
    entries = catalog()
    if name in entries:
        return name
    key = zoo.alias_key(name)
    for entry in entries.values():
        if key == zoo.alias_key(entry.name) or any(key == zoo.alias_key(a) for a in entry.aliases):
            return entry.name
    try:
        return zoo.resolve(name)
    except UnknownNameError:
        key = zoo.alias_key(name)
        for paper in PAPER_ENTRIES:
            if key in (zoo.alias_key(paper), zoo.alias_key(display_name(paper))):
                return paper
        raise


def _paper_entries() -> list[Entry]:
    return [Entry(name, fam, (display_name(name),), res, ()) for name, (fam, res) in PAPER_ENTRIES.items()]


def catalog() -> dict[str, Entry]:
    """name -> Entry for every zoo model, from the cache when it is there (then torch is not imported)."""
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
    return catalog()[resolve(name)]


def families() -> list[str]:
    return sorted({e.family for e in catalog().values()})


def by_family(fam: str) -> list[Entry]:
    """Entries of one family (also accepted: a family's spelling with dashes or underscores)."""
    known = families()
    wanted = fam.lower().replace("_", "-")
    if wanted not in known:
        raise UnknownNameError("family", fam, close_matches(wanted, known))
    return [e for e in catalog().values() if e.family == wanted]
