"""The `drill` command: generated calculation problems, typed numeric answers, worked solutions, FSRS per kind."""

from __future__ import annotations

import time
from typing import Annotated, Optional, TYPE_CHECKING

import typer

from cnnquiz.cli.common import DbOption, console, open_store, print_json
from cnnquiz.cli.complete import complete_kind
from cnnquiz.drill.problem import KINDS, MIXED

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.drill.problem import Problem
    from cnnquiz.drill.session import Result
    from cnnquiz.progress.scheduler import Srs
    from cnnquiz.progress.store import Store

KIND_NAMES = (*KINDS, MIXED)


def status(store: Store, problem: Problem) -> str:
    """`new`, or the kind's FSRS state, with `due` when its card is due."""
    from cnnquiz.progress.scheduler import state_name, utcnow

    rec = store.get_card(problem.card_id)
    if rec is None:
        return "new"
    return state_name(rec.state) + (" · due" if rec.due <= utcnow() else "")


def ask_problem(con: Console, store: Store, problem: Problem, index: int, total: int, tolerance: float, *,
                mode: str = "drill", srs: Srs | None = None) -> Result:
    """Show a problem, read answers until one parses (or ? / s), grade it, show the solution, record it.

    Raises cnnquiz.cli.prompt.Ended on end of input or Ctrl-C, before anything is recorded.
    """
    from cnnquiz.cli.prompt import read_until_parsed
    from cnnquiz.drill.grading import grade
    from cnnquiz.drill.session import Result, record
    from cnnquiz.render import drill as render

    render.problem_panel(con, problem, index, total, status(store, problem))
    start = time.monotonic()
    line, verdict, command = read_until_parsed(con, lambda text: grade(problem, text, tolerance), render.retry)
    if command == "s":
        con.print("skipped", style="dim")
        return Result(problem, skipped=True, seconds=time.monotonic() - start)
    if command == "?":
        result = Result(problem, "?", None, time.monotonic() - start)
        render.gave_up(con, problem)
    else:
        result = Result(problem, line, verdict, time.monotonic() - start)
        render.verdict(con, problem, verdict)
    render.solution(con, problem)
    result.recorded = record(store, problem, result.verdict, result.answer, result.seconds, mode=mode, srs=srs)
    render.recorded(con, problem, result.recorded)
    return result


def ask_due_drill(con: Console, store: Store, cid: str, index: int, total: int, srs: Srs, mode: str,
                  tolerance: float | None = None) -> Result:
    """One fresh problem for a due drill card inside `practice` (the caller catches Ended)."""
    import secrets

    from cnnquiz.drill.generator import generate
    from cnnquiz.drill.grading import DEFAULT_TOLERANCE
    from cnnquiz.progress.drillcards import kind_of

    kind = kind_of(cid)
    if kind is None:
        raise ValueError(f"not a drill card: {cid}")
    problem = generate((kind,), 1, secrets.randbelow(1_000_000))[0]
    return ask_problem(con, store, problem, index, total, DEFAULT_TOLERANCE if tolerance is None else tolerance,
                       mode=mode, srs=srs)


HELP = ("Calculation drills: conv output sizes, params, MACs, depthwise savings, bottlenecks, MBConv, receptive "
        "fields, width multiplier, compound scaling.\n\nType answers as numbers or expressions (115.6M, 1.156e8, "
        "115,605,504, 8.4x, 1/256 + 1/9, 2^3, (56-3+2)/1+1). Each answer is graded with a relative tolerance, "
        "followed by the worked solution, and moves the kind's spaced-repetition card (drill:<kind>): "
        "`cnnquiz stats` shows accuracy per kind and `practice --mode mixed` brings due kinds back.")


def drill_summary(con: Console, results: list[Result]) -> None:
    """After a practice session: how the due drills inside it went (nothing when there were none)."""
    if results:
        from cnnquiz.drill.session import DrillSummary
        from cnnquiz.render import drill as render

        render.summary(con, DrillSummary(results))


def drill(
    kind: Annotated[
        Optional[list[str]],
        typer.Option(
            "--kind", "-k", metavar="KIND",
            help="Kind of problem (repeatable): " + ", ".join(KIND_NAMES)
                                             + " (default mixed: all kinds in turn).",
            autocompletion=complete_kind,
        ),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, max=100, help="How many problems.")] = 5,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", help="Random seed: the same seed gives the same problems."),
    ] = None,
    tolerance: Annotated[
        str,
        typer.Option(
            "--tolerance", metavar="TOL",
            help="Relative tolerance for counts and ratios, e.g. 2% or 0.02 (sizes and receptive fields must be "
                 "exact).",
        ),
    ] = "2%",
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the problems with their answers instead of asking."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Calculation drills: conv sizes, params, MACs, depthwise savings, receptive fields, scaling."""
    import secrets

    from cnnquiz.drill.answer import parse_tolerance
    from cnnquiz.drill.generator import generate, resolve_kinds
    from cnnquiz.errors import ParseError, UsageError

    kinds = resolve_kinds(kind or ())
    try:
        tol = parse_tolerance(tolerance)
    except ParseError as exc:
        raise UsageError(f"--tolerance: {exc}") from None
    seed = secrets.randbelow(1_000_000) if seed is None else seed
    problems = generate(kinds, count, seed)
    if as_json:
        print_json({"seed": seed, "tolerance": tol, "problems": [p.to_json() for p in problems]})
        return

    from cnnquiz.cli.prompt import Ended, enable_line_editing
    from cnnquiz.drill.session import DrillSummary
    from cnnquiz.render import drill as render

    con = console()
    enable_line_editing()
    summary = DrillSummary()
    with open_store(db) as store:
        render.header(con, len(problems), kinds, seed, tol)
        try:
            for index, problem in enumerate(problems, 1):
                summary.results.append(ask_problem(con, store, problem, index, len(problems), tol))
        except (Ended, KeyboardInterrupt):
            con.print()
    render.summary(con, summary)


def register(app: typer.Typer) -> None:
    """Add the drill command to the root app."""
    app.command("drill", help=HELP)(drill)
