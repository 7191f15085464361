"""Hints saying where a drill problem's shape appears in a real network, looked up in the realnets table."""

from __future__ import annotations

from typing import Any

from cnnquiz.drill import realnets as R

MAX_PLACES = 2


def _places(items: list[Any]) -> str | None:
    names = list(dict.fromkeys(item.where for item in items))
    if not names:
        return None
    more = f" (and {len(names) - MAX_PLACES} more)" if len(names) > MAX_PLACES else ""
    return "; ".join(names[:MAX_PLACES]) + more


def conv_output(p: dict[str, Any]) -> str | None:
    found = _places(R.conv_matches(k=p["kernel"], stride=p["stride"], padding=p["padding"], size=p["size"],
                                   dilation=p["dilation"]))
    return f"this is the spatial shape of {found}" if found else None


def conv_params(p: dict[str, Any]) -> str | None:
    found = _places(R.conv_matches(cin=p["cin"], cout=p["cout"], k=p["kernel"], groups=p["groups"], bias=p["bias"]))
    return f"this is {found}" if found else None


def conv_macs(p: dict[str, Any]) -> str | None:
    found = _places(R.conv_matches(cin=p["cin"], cout=p["cout"], k=p["kernel"], stride=p["stride"],
                                   padding=p["padding"], size=p["size"], groups=p["groups"]))
    return f"this is {found} at 224×224" if found else None


def depthwise(p: dict[str, Any]) -> str | None:
    found = _places([s for s in R.SEPARABLES if (s.cin, s.cout, s.k, s.stride, s.size) ==
                     (p["cin"], p["cout"], p["kernel"], p["stride"], p["size"])])
    return f"this pair is {found} (the depthwise conv and the projection of an inverted residual)" if found else None


def bottleneck(p: dict[str, Any]) -> str | None:
    found = _places([b for b in R.BOTTLENECKS if (b.channels, b.mid) == (p["channels"], p["mid"])])
    return f"these are the shapes of {found}" if found else None


def mbconv(p: dict[str, Any]) -> str | None:
    found = _places([b for b in R.MBCONVS if (b.cin, b.cout, b.expand, b.k, b.stride, b.se, b.size) ==
                     (p["cin"], p["cout"], p["expand"], p["kernel"], p["stride"], p["se"], p["size"])])
    return f"this is {found}" if found else None


def rf(p: dict[str, Any]) -> str | None:
    spec = p["spec"]
    same = [s for s in R.STACKS if s.spec == spec]
    if same:
        return f"this is {_places(same)}"
    starts = sorted((s for s in R.STACKS if spec.startswith(s.spec + ",")), key=lambda s: -len(s.spec))
    return f"its first layers are {_places(starts[:1])}" if starts else None


def width(p: dict[str, Any]) -> str | None:
    groups = p["cin"] if p["layer"] == "depthwise" else 1
    found = _places(R.conv_matches(cin=p["cin"], cout=p["cout"], k=p["kernel"], stride=p["stride"], size=p["size"],
                                   groups=groups))
    return f"at α = 1 this is {found}" if found else None


def scaling(p: dict[str, Any]) -> str | None:
    real = [e for e in R.EFFICIENTNETS if e.phi == p["phi"]]
    if not real:
        return None
    e = real[0]
    return (f"torchvision's efficientnet_b{e.phi} is built with width ×{e.width_mult} and depth ×{e.depth_mult} "
            f"and evaluated at {e.resolution} px: the released models round the rule their own way")
