"""Structured disputes: only a claim's declared convention makes it disputed, a note's words change nothing, every
unchecked claim cites a source, and the bank refuses malformed conventions and uncited unmeasurable claims."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cnnquiz.bank.loader import load_dir
from cnnquiz.errors import BankError
from cnnquiz.verify.claims import check_claim
from cnnquiz.verify.measure import Lab
from tests.quizbank import QUESTIONS
from tests.test_verify import CASES

# Every word the old checker read in a note or a quote to decide a status or what to measure, and more.
LOADED_WORDS = ("paper value, published; another convention: ResNet v1 vs v1.5. params of resnet50 divided by "
                "efficientnet_b0; MACs of vgg16 / resnet18; ImageNet top-1 error; CIFAR batch 64; latency, faster, "
                "speed; FLOPs = MACs")


@pytest.fixture(scope="module")
def lab() -> Lab:
    return Lab(use_cache=False)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_a_notes_words_never_change_a_verdict(lab: Lab, index: int) -> None:
    plain = dataclasses.replace(CASES[index][0], note="", said="")
    worded = dataclasses.replace(plain, note=LOADED_WORDS, said=LOADED_WORDS)
    a, b = check_claim("q", plain, lab), check_claim("q", worded, lab)
    assert (a.status, a.measured, a.subject, a.alternative) == (b.status, b.measured, b.subject, b.alternative)


def _deck(tmp: Path, claims: list[dict[str, Any]]) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "q.yaml").write_text(yaml.safe_dump({"questions": [dict(QUESTIONS[0], claims=claims)]},
                                               sort_keys=False), encoding="utf-8")
    return tmp


MACS = {"what": "macs", "model": "resnet50", "value": 3.86e9, "unit": "MACs"}
TOP1 = {"what": "top1", "model": "efficientnet_b0", "value": 77.1, "unit": "percent"}


@pytest.mark.parametrize("claim, message", [
    ({**MACS, "convention": {"name": "resnet-v2"}}, "unknown convention 'resnet-v2'"),
    ({**MACS, "convention": {"name": "resnet-v1", "alt": 3.8e9}}, "takes no alt"),
    ({**MACS, "convention": {"name": "resnet-v1", "why": "x"}}, "convention is {name: NAME, alt: VALUE}"),
    ({**TOP1, "convention": {"name": "resnet-v1"}}, "applies to macs/flops claims, not top1"),
    ({**TOP1, "convention": {"name": "paper-weights"}}, "needs alt: the published value"),
    ({**TOP1, "convention": {"name": "paper-weights", "alt": 77.1}}, "cite it with source"),
    ({**MACS, "convention": {"name": "paper-resolution"}}, "needs alt: a resolution in px"),
    ({"what": "resolution", "model": "efficientnet_b2", "value": 260, "unit": "px",
      "convention": {"name": "paper-resolution", "alt": 260}}, "cite it with source"),
    ({"what": "ratio", "model": "vgg16", "value": 13, "unit": "x"}, "cite where it comes from"),
    ({"what": "value", "model": "wrn_28_10", "value": 4.0, "unit": "percent"}, "cite where it comes from"),
    ({"what": "ratio", "model": "vgg16/resnet50", "value": 5.4, "unit": "x"}, "part: params, macs or flops"),
    ({**TOP1, "source": ["a", "list"]}, "claim source must be text"),
])
def test_bank_check_refuses_malformed_conventions_and_uncited_claims(tmp_path: Path, claim: dict[str, Any],
                                                                     message: str) -> None:
    with pytest.raises(BankError) as err:
        load_dir(_deck(tmp_path, [claim]))
    text = str(err.value)
    assert message in text and "q.yaml:" in text, text  # file:line


def test_a_declared_convention_loads_and_reaches_the_json(cli, tmp_path: Path) -> None:
    claims = [{**MACS, "convention": {"name": "resnet-v1"}, "note": "the paper's figure"},
              {**TOP1, "convention": {"name": "paper-weights", "alt": 77.1}, "source": "Tan & Le 2019, Table 2"},
              {"what": "params", "model": "resnet50", "value": 25.6e6, "unit": "count"},
              {"what": "ratio", "model": "vgg16", "value": 13, "unit": "x", "source": "Han et al. 2015, Table 1"}]
    folder = _deck(tmp_path / "d", claims)
    result = cli("--bank", str(folder), "--only", "verify", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["claims"]
    assert [r["status"] for r in rows] == ["disputed", "disputed", "held", "unchecked"]
    v1, paper, plain, cited = rows
    assert v1["alternative"]["convention"] == "resnet-v1" and v1["measured"] == 4_089_184_256
    assert abs(v1["alternative"]["measured"] - 3.86e9) < 0.02e9  # the v1 build, measured
    assert paper["alternative"] == {"convention": "paper-weights", "measured": 77.1,
                                    "how": "the published figure, Tan & Le 2019, Table 2"}
    assert plain["alternative"] is None and plain["citation"] is None
    assert cited["citation"] == "Han et al. 2015, Table 1" and cited["measured"] is None
    table = cli("--bank", str(folder), "--only", "verify", env={"COLUMNS": "80"})
    lines = table.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = table.stdout
    assert "4.09G MACs" in text and "3.86G MACs" in text and "resnet-v1" in text  # both measured values
    assert "Source: Han et al." in text


def test_without_a_source_an_unmeasurable_claim_is_off(cli, tmp_path: Path) -> None:
    folder = _deck(tmp_path / "d", [{"what": "top1", "model": "mobilenet_v1", "value": 70.6, "unit": "percent"}])
    result = cli("--bank", str(folder), "--only", "verify", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["claims"][0]["status"] == "off"


def test_builtin_bank_cites_what_it_cannot_measure() -> None:
    """Claims whose shape no computation reaches, and every paper-weights figure, carry a source."""
    from cnnquiz.bank.loader import load_bank

    for q in load_bank(use_cache=False).questions:
        for c in q.claims:
            conv = c.convention.name if c.convention else ""
            if conv == "paper-weights" or c.what.value == "value" and not c.part and not c.example:
                assert c.source, f"{q.id}: {c}"


def test_what_is_measured_never_reads_prose() -> None:
    """measure.py and examples.py decide what to measure; neither may look at a claim's note or quote."""
    from pathlib import Path as P

    import cnnquiz.verify as pkg

    root = P(pkg.__file__).parent
    for name in ("measure.py", "examples.py", "coverage.py"):
        text = (root / name).read_text(encoding="utf-8")
        assert ".note" not in text and ("claim.said" not in text or name == "coverage.py"), name
