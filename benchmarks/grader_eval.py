"""Score the grader against a fair interviewer on labelled answers: a dev half to tune on, a held-out half to report.

Usage: .venv/bin/python benchmarks/grader_eval.py [--half dev|heldout|heldout2..heldout6|all] [--set NAME=VALUE ...]
                                                  [--json]
                                                  [--worst N] [--kind KIND]

The labelled set (benchmarks/grader_eval/answers/part-*.jsonl) holds seven answers per question of the bank:
strong, partial, wrong (swapped facts), negated, salad (a bare term list), typos, terse — each with the 0-100
score a fair senior interviewer gives it. They were written by helpers given only the question texts and the
source documents, before the grader was run on them, without reading any rubric. The split is by question
and was fixed before any answer existed (grader_eval/split.json). The dev half also takes the strong and partial
answers of tests/test_bank_recall.py (no interviewer score: they count in the per-kind means only).
`heldout2` (grader_eval/heldout2/) is a second held-out set on the held-out questions, written by new writers
after the first held-out figure had been read, so that the grader's later changes are measured on answers
nobody had seen; `heldout3` is a third such set, by other writers, measured once on the final grader of the
session that wrote it; `heldout4` is a fourth, by two more writers, committed before a later session's grader
was run on it and measured once on the grader that session ended with; `heldout5` is a fifth, by two more
writers, committed before the grader of the session after that was run on it, and measured once on it; `heldout6` is
a sixth, by two more writers, written after that figure had been read and committed before the grader was run on it.
The README reports every held-out figure.

It prints, per half: Spearman's rho and the mean absolute error against the interviewer, per-kind means
(grader vs interviewer), the share of suggested ratings equal to / 2+ levels off the interviewer's (bands:
Again < 35 <= Hard < 60 <= Good < 85 <= Easy), and the rating confusion matrix. `--set` overrides a Tuning
field for a sweep (dev only, please); `--worst N` lists the N largest errors of the half shown.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnnquiz.bank import load_bank  # noqa: E402
from cnnquiz.progress.rating import Rating, suggest  # noqa: E402
from cnnquiz.quiz.grader import Grader  # noqa: E402
from cnnquiz.quiz.scoring import Tuning  # noqa: E402

HERE = Path(__file__).resolve().parent / "grader_eval"
KINDS = ("strong", "partial", "wrong", "negated", "salad", "typos", "terse")
TARGETS = {"spearman": ">= 0.85", "mae": "<= 12", "negated": "<= 15", "salad": "<= 25", "wrong": "<= 15",
           "terse": ">= 65", "strong": ">= 85", "off_by_2": "<= 3%"}


def load_items() -> list[dict]:
    """Every labelled answer with its half; recall-test answers (unscored) join the dev half."""
    split = json.loads((HERE / "split.json").read_text())["split"]
    items = []
    for folder, second in (("answers", False), ("heldout2", True), ("heldout3", True), ("heldout4", True),
                           ("heldout5", True), ("heldout6", True)):
        for path in sorted((HERE / folder).glob("part-*.jsonl")):
            if path.name.endswith(".questions.jsonl"):
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if line.strip():
                    row = json.loads(line)
                    half = folder if second else split[row["id"]]
                    items.append({**row, "half": half, "where": f"{folder}/{path.name}:{n}"})
    sys.path.insert(0, str(ROOT / "tests"))
    from test_bank_recall import PARTIAL, STRONG

    for qid, answers in STRONG.items():
        items += [{"id": qid, "kind": "strong", "answer": text, "score": None, "half": "dev",
                   "where": "test_bank_recall.py"} for text, _ in answers]
    items += [{"id": qid, "kind": "partial", "answer": text, "score": None, "half": "dev",
               "where": "test_bank_recall.py"} for qid, (text, _) in PARTIAL.items()]
    return items


def ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def report(items: list[dict]) -> dict:
    scored = [i for i in items if i["score"] is not None]
    ours = [i["grade"] for i in scored]
    theirs = [float(i["score"]) for i in scored]
    kinds = {}
    for kind in KINDS:
        rows = [i for i in items if i["kind"] == kind]
        labelled = [i for i in rows if i["score"] is not None]
        kinds[kind] = {"n": len(rows), "grader": round(sum(i["grade"] for i in rows) / len(rows), 1) if rows else None,
                       "interviewer": round(sum(i["score"] for i in labelled) / len(labelled), 1)
                       if labelled else None}
    confusion = [[0] * 4 for _ in range(4)]
    for i in scored:
        confusion[suggest(i["score"] / 100) - 1][suggest(i["grade"] / 100) - 1] += 1
    n = len(scored)
    same = sum(confusion[k][k] for k in range(4))
    off2 = sum(confusion[a][b] for a in range(4) for b in range(4) if abs(a - b) >= 2)
    return {"answers": len(items), "scored": n, "questions": len({i["id"] for i in items}),
            "spearman": round(spearman(ours, theirs), 3) if n > 2 else None,
            "mae": round(sum(abs(a - b) for a, b in zip(ours, theirs)) / n, 1) if n else None,
            "rating_equal": round(same / n, 3) if n else None, "rating_off_by_2": round(off2 / n, 3) if n else None,
            "kinds": kinds, "confusion": confusion}


def print_report(half: str, r: dict) -> None:
    print(f"\n== {half}: {r['questions']} questions, {r['answers']} answers ({r['scored']} with an interviewer score)")
    print(f"Spearman {r['spearman']}   MAE {r['mae']}   rating equal {r['rating_equal']:.0%}   "
          f"2+ levels off {r['rating_off_by_2']:.1%}")
    print(f"{'kind':<9}{'n':>5}{'grader':>9}{'interviewer':>13}")
    for kind, k in r["kinds"].items():
        print(f"{kind:<9}{k['n']:>5}{k['grader'] if k['grader'] is not None else '-':>9}"
              f"{k['interviewer'] if k['interviewer'] is not None else '-':>13}")
    print("confusion (rows: interviewer's rating, columns: suggested)")
    names = [r_.label for r_ in Rating]
    print(" " * 8 + "".join(f"{n:>7}" for n in names))
    for name, row in zip(names, r["confusion"]):
        print(f"{name:<8}" + "".join(f"{v:>7}" for v in row))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", default="dev",
                    choices=("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "all"))
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a Tuning field")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--kind", choices=KINDS)
    args = ap.parse_args(argv)
    fields = {f.name: f.type for f in dataclasses.fields(Tuning)}
    overrides = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in fields:
            ap.error(f"unknown Tuning field {name}; one of {', '.join(fields)}")
        overrides[name] = int(value) if fields[name] in (int, "int") else float(value)
    bank = load_bank()
    grader = Grader(bank, tuning=Tuning(**overrides))
    every = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
    halves = every if args.half == "all" else (args.half,)
    items = [i for i in load_items() if i["half"] in halves]
    for i in items:
        i["result"] = grader.grade(bank.get(i["id"]), i["answer"])
        i["grade"] = round(i["result"].score * 100)
    out = {half: report([i for i in items if i["half"] == half]) for half in halves}
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for half, r in out.items():
            print_report(half, r)
        print("\ntargets (held-out): " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()))
    if args.worst:
        rows = [i for i in items if i["score"] is not None and (args.kind is None or i["kind"] == args.kind)]
        rows.sort(key=lambda i: -abs(i["grade"] - i["score"]))
        for i in rows[: args.worst]:
            r = i["result"]
            print(f"\n[{i['half']} {i['kind']}] {i['id']}  grader {i['grade']}  interviewer {i['score']}  ({r.why})")
            print("   " + i["answer"][:300].replace("\n", " "))
            for p in r.points:
                print(f"   {p.status.value:<8} {p.via or '':<8} {p.credit:.2f} {'*' if p.core else ' '} {p.label}"
                      f"  | {p.evidence or ''}")
            for m in r.misconceptions:
                print(f"   MISCONCEPTION {m.claim} | {m.evidence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
