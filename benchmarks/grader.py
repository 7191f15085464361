"""Time the grader over a whole bank: index build, then per-answer time for several answers per question.

Usage: .venv/bin/python benchmarks/grader.py [--bank DIR] [--only] [--repeat N] [--rubrics] [--batch N]

Each question is graded with its model answer, the first third of it (a partial answer), a model answer
of another question (off-topic), a typo'd copy of its own answer, and its rubric labels. The target is
a verdict within 0.3 s (p95) after the answer, `grade --batch` at 50 answers/s or more after start-up and a
one-shot `cnnquiz grade` within 1.5 s. --rubrics also prints how well the rubrics
separate: each model answer's score on its own rubric (mean, min) and the mean share of a rubric's points
that the model answers of unrelated questions match (raw coverage, before the off-topic cap).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cnnquiz.bank import Bank, load_bank  # noqa: E402
from cnnquiz.quiz.grader import Grader  # noqa: E402


def typo(text: str) -> str:
    """Swap two letters in every fifth word longer than five letters (deterministic)."""
    words = text.split(" ")
    for i in range(0, len(words), 5):
        w = words[i]
        if len(w) > 5 and w.isalpha():
            words[i] = w[:2] + w[3] + w[2] + w[4:]
    return " ".join(words)


def answers_for(bank: Bank, n: int) -> list[tuple[str, str]]:
    q = bank.questions[n]
    other = bank.questions[(n + len(bank) // 2) % len(bank)]
    labels = ". ".join(kp.label for kp in q.key_points)
    return [("model", q.answer), ("partial", q.answer[: len(q.answer) // 3]), ("other", other.answer),
            ("typos", typo(q.answer)), ("labels", labels)]


def rubric_eval(bank: Bank, grader: Grader) -> None:
    """Own-answer scores and the share of points matched by unrelated questions' model answers."""
    own = [grader.grade(q, q.answer).score for q in bank.questions]
    shares: list[float] = []
    worst: list[tuple[float, str]] = []
    for q in bank.questions:
        q_shares = []
        for o in bank.questions:
            if o.id == q.id or o.id in q.related or q.id in o.related:
                continue
            r = grader.grade(q, o.answer)
            q_shares.append(len(r.matched) / len(r.points))
        shares.extend(q_shares)
        worst.append((statistics.mean(q_shares), q.id))
    print(f"own answers: mean {statistics.mean(own):.3f}, min {min(own):.3f}; unrelated answers: mean share of "
          f"points matched {statistics.mean(shares):.4f} over {len(shares)} pairs")
    print("rubrics most matched by unrelated answers: " +
          ", ".join(f"{qid} {share:.3f}" for share, qid in sorted(worst, reverse=True)[:5]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bank", type=Path, action="append", default=[], help="extra bank folder (repeatable)")
    ap.add_argument("--only", action="store_true", help="use only the --bank folders")
    ap.add_argument("--repeat", type=int, default=3, help="time each answer this many times, keep the best")
    ap.add_argument("--rubrics", action="store_true", help="also print own-answer and unrelated-answer coverage")
    ap.add_argument("--batch", type=int, default=1000, metavar="N",
                    help="time `cnnquiz grade --batch` on N answers and a one-shot `cnnquiz grade` (0: skip)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    bank = load_bank(args.bank, only_extra=args.only)
    t_load = time.perf_counter() - t0
    if not len(bank):
        print("the bank is empty: nothing to time (pass --bank DIR)")
        return
    from cnnquiz.quiz.semantic import model

    t0 = time.perf_counter()
    model()
    t_model = time.perf_counter() - t0
    grader = Grader(bank)
    t0 = time.perf_counter()
    grader.index()
    t_index = time.perf_counter() - t0

    per_kind: dict[str, list[float]] = {}
    scores: dict[str, list[float]] = {}
    flagged: dict[str, int] = {}
    for n, q in enumerate(bank.questions):
        for kind, text in answers_for(bank, n):
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = grader.grade(q, text)
                best = min(best, time.perf_counter() - t0)
            per_kind.setdefault(kind, []).append(best * 1000)
            scores.setdefault(kind, []).append(result.score)
            flagged[kind] = flagged.get(kind, 0) + result.off_topic

    print(f"bank: {len(bank)} questions; load {t_load * 1000:.0f} ms; meaning model {t_model * 1000:.0f} ms; "
          f"off-topic index {t_index * 1000:.1f} ms")
    print(f"{'answer':<9} {'n':>4} {'mean ms':>8} {'median':>7} {'p95':>7} {'max':>7} {'mean score':>10} "
          f"{'off-topic':>9}")
    every: list[float] = []
    for kind, times in per_kind.items():
        every.extend(times)
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"{kind:<9} {len(times):>4} {statistics.mean(times):>8.2f} {statistics.median(times):>7.2f} "
              f"{p95:>7.2f} {max(times):>7.2f} {statistics.mean(scores[kind]):>10.2f} {flagged[kind]:>9}")
    print(f"{'all':<9} {len(every):>4} {statistics.mean(every):>8.2f} {statistics.median(every):>7.2f} "
          f"{sorted(every)[int(0.95 * (len(every) - 1))]:>7.2f} {max(every):>7.2f}")
    if args.rubrics:
        rubric_eval(bank, grader)
    if args.batch:
        batch_eval(bank, args.batch)


def batch_eval(bank: Bank, n: int) -> None:
    """`cnnquiz grade --batch` on n answers (the labelled evaluation answers, cycled), start-up included."""
    import json
    import os
    import subprocess
    import tempfile

    rows = []
    for path in sorted((Path(__file__).parent / "grader_eval" / "answers").glob("part-*.jsonl")):
        if not path.name.endswith(".questions.jsonl"):
            rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r["id"] in bank] or [{"id": q.id, "answer": q.answer} for q in bank.questions]
    with tempfile.TemporaryDirectory() as home:
        src = Path(home) / "batch.jsonl"
        src.write_text("".join(json.dumps({"id": rows[i % len(rows)]["id"], "answer": rows[i % len(rows)]["answer"]})
                               + "\n" for i in range(n)))
        env = {**os.environ, "CNNQUIZ_HOME": home}
        cli = [sys.executable, "-m", "cnnquiz"]
        t0 = time.perf_counter()
        out = subprocess.run([*cli, "grade", "--batch", str(src)], capture_output=True, text=True, env=env)
        total = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([*cli, "grade", rows[0]["id"], "--answer", rows[0]["answer"]], capture_output=True, env=env)
        one = time.perf_counter() - t0
    lines = out.stdout.count("\n")
    print(f"grade --batch: {lines} answers in {total:.2f} s ({lines / total:.0f} answers/s, start-up included); "
          f"one-shot `cnnquiz grade`: {one:.2f} s")


if __name__ == "__main__":
    main()
