"""The stable --json shapes of the calc commands (conv, depthwise, bottleneck, mbconv, scaling, width)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnnquiz.calc.counting import Counts
    from cnnquiz.calc.explain import Step
    from cnnquiz.calc.layers import BlockComparison, BlockCounts, ConvReport, DepthwiseReport
    from cnnquiz.calc.scaling import RealRow, ScalingTable
    from cnnquiz.calc.width import WidthReport


def steps_json(steps: Sequence[Step]) -> list[dict[str, Any]]:
    return [{"label": s.label, "formula": s.symbolic, "substituted": s.substituted, "value": s.value}
            for s in steps]


def counts_json(c: Counts) -> dict[str, int]:
    return {"params": c.params, "macs": c.macs, "flops": c.flops}


def conv_json(r: ConvReport) -> dict[str, Any]:
    return {"layer": {"in_channels": r.cin, "out_channels": r.cout, "kernel": r.kernel, "stride": r.stride,
                      "padding": r.padding, "dilation": r.dilation, "groups": r.groups, "bias": r.bias},
            "input": [r.cin, r.height, r.width], "output": list(r.out_shape), **counts_json(r.counts),
            "formula_matches": r.matches}


def depthwise_json(r: DepthwiseReport) -> dict[str, Any]:
    return {"input": [r.cin, r.size, r.size], "output": list(r.out_shape), "kernel": r.kernel, "stride": r.stride,
            "padding": r.padding, "standard": counts_json(r.standard), "depthwise": counts_json(r.depthwise),
            "pointwise": counts_json(r.pointwise), "separable": counts_json(r.separable),
            "reduction": r.reduction, "params_reduction": r.params_reduction, "formula": "1/C_out + 1/k^2",
            "formula_value": r.ratio_formula, "formula_reduction": 1 / r.ratio_formula,
            "formula_matches": r.matches, "documents_note": r.documents_note}


def block_json(b: BlockCounts) -> dict[str, Any]:
    return {"label": b.label, "output": list(b.out_shape), "params": b.params, "params_with_bn": b.params_with_bn,
            "macs": b.macs, "flops": b.flops, "formula_matches": b.matches,
            "parts": [{"name": p.key, "label": p.label, "params": p.params, "params_with_bn": p.params_with_bn,
                       "macs": p.macs, "flops": p.flops} for p in b.parts]}


def comparison_json(cmp: BlockComparison) -> dict[str, Any]:
    subject = cmp.subject
    return {"input": list(cmp.input_shape), "blocks": {b.name: block_json(b) for b in cmp.blocks},
            "params_ratio": {b.name: b.params / subject.params for b in cmp.blocks[1:]},
            "macs_ratio": {b.name: b.macs / subject.macs for b in cmp.blocks[1:]}, "notes": list(cmp.notes)}


def scaling_json(t: ScalingTable, real: Sequence[RealRow] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"alpha": t.alpha, "beta": t.beta, "gamma": t.gamma, "base_resolution": t.base_resolution,
                           "constraint": t.constraint, "constraint_error": t.constraint_error}
    rules = {r.phi: r for r in t.rows}

    def rule(phi: int) -> dict[str, Any]:
        r = rules[phi]
        return {"depth": r.depth, "width": r.width, "resolution_mult": r.resolution_mult,
                "resolution": r.resolution, "flops_factor": r.flops_factor, "two_pow_phi": r.doubling}

    if real is None:
        out["rows"] = [{"phi": r.phi, **rule(r.phi)} for r in t.rows]
    else:
        out["rows"] = [{"name": r.name, "phi": r.phi, "resolution": r.resolution, "params": r.params,
                        "macs": r.macs, "flops": r.flops, "params_ratio": r.params_ratio, "macs_ratio": r.macs_ratio,
                        "width_mult": r.width_mult, "depth_mult": r.depth_mult, "rule": rule(r.phi)} for r in real]
    return out


def width_json(r: WidthReport) -> dict[str, Any]:
    return {"model": r.model, "option": r.option, "resolution": r.resolution,
            "rows": [{"alpha": row.alpha, "params": row.params, "macs": row.macs, "flops": 2 * row.macs,
                      "params_ratio": row.params_ratio, "macs_ratio": row.macs_ratio, "rule": row.rule,
                      "by_kind": {k: {**counts_json(c), "exponent": row.exponent(k, r.base)}
                                  for k, c in row.by_kind.items()},
                      "rounding": [{"base": x.base, "scaled": x.scaled, "actual": x.actual, "rule": x.rule}
                                   for x in row.rounding]} for row in r.rows]}
