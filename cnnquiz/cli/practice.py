"""The `practice` command: an interactive graded quiz with FSRS scheduling (and cram / mock-interview modes)."""

from __future__ import annotations

import time
from typing import Annotated, Optional, TYPE_CHECKING

import typer

from cnnquiz.bank.schema import Difficulty
from cnnquiz.cli.answering import edit_answer, grade_waiting
from cnnquiz.cli.common import DbOption, console, open_store, state
from cnnquiz.cli.complete import complete_difficulty, complete_mode, complete_source, complete_topic
from cnnquiz.cli.prompt import Ended, enable_line_editing, read_answer, read_line
from cnnquiz.errors import UsageError
from cnnquiz.quiz.modes import Mode

if TYPE_CHECKING:
    from rich.console import Console

    from cnnquiz.bank import Question
    from cnnquiz.quiz.session import Attempt, Session


def ask(con: Console, session: Session, q: Question, index: int, total: int) -> None:
    """Show one question, take the answer (or a command), show the verdict and take the rating."""
    from cnnquiz.progress.scheduler import state_name
    from cnnquiz.quiz.session import Attempt
    from cnnquiz.render import practice as render

    flashcards = session.opts.flashcards
    while True:
        rec = session.card(q.id)
        if rec is not None and rec.is_leech:
            render.leech_hint(con, q, rec.lapses)
            if offer_suspend(con, session, q):
                return
        status = "cram" if session.opts.mode.value == "cram" else (
            "leech" if rec is not None and rec.is_leech else state_name(rec.state if rec else None))
        render.question_panel(con, q, index, total, status)
        render.answer_help(con, flashcards, mock=False)
        if not flashcards and q.check is not None:
            from cnnquiz.render.verdict import check_hint

            check_hint(con, q)
        if not flashcards:
            from cnnquiz.quiz.semantic import start_loading

            start_loading()  # the grader's model loads while the user reads and types (once per process)
        start = time.monotonic()
        if flashcards:
            line = read_line(con, "› ").strip().lower()
            answer, command = "", (line if line in ("s", "u") else "?")
        else:
            code = q.check is not None  # code: blank lines stay in, a line with only `.` ends it
            answer, command = read_answer(con, ("?", "s", "u", "e") if code else ("?", "s", "u"), code=code)
            if command == "e":
                answer = edit_answer(con, q)
                if not answer:
                    continue
                command = None
        attempt = Attempt(q, answer, seconds=time.monotonic() - start)
        if command == "s":
            session.skip(attempt)
            con.print("skipped", style="dim")
            return
        if command == "u":
            undo_and_rerate(con, session)
            continue
        if command == "?":
            attempt.revealed = True
            render.reveal(con, q)
        else:
            from cnnquiz.render.verdict import render_verdict

            attempt.grade = grade_waiting(con, session, q, answer)
            render_verdict(con, q, attempt.grade)
        from cnnquiz.render.verify import (
            show_facts,  # cached measurements only: never imports torch
        )

        show_facts(con, q)
        take_rating(con, session, attempt)
        return


def offer_suspend(con: Console, session: Session, q: Question) -> bool:
    """A leech: S suspends it (never asked again until `cnnquiz card unsuspend`), Enter practises it."""
    line = read_line(con, f"{q.id} is a leech · S suspend it · Enter practise it › ").strip()
    if line != "S":  # capital S: a lower-case s (skip) typed by habit does not suspend
        return False
    session.store.set_suspended([q.id], True)
    con.print(f"suspended {q.id} (cnnquiz card unsuspend {q.id} brings it back)", markup=False)
    return True


def take_rating(con: Console, session: Session, attempt: Attempt) -> None:
    """Enter accepts the suggested rating, 1-4 overrides, u undoes the previous rating first."""
    from cnnquiz.progress.rating import Rating
    from cnnquiz.render import practice as render

    suggested = attempt.suggested
    while True:
        if session.opts.mode.schedules:
            render.previews_line(con, session.previews(attempt.question.id), suggested)
        line = read_line(con, render.rating_prompt(suggested)).strip().lower()
        if line == "u":
            if undo_and_rerate(con, session):
                con.print(f"back to {attempt.question.id}", style="dim", markup=False)
            continue
        if line == "" and suggested is not None:
            rating = suggested
        elif line in ("1", "2", "3", "4"):
            rating = Rating(int(line))
        else:
            con.print("Press 1 Again, 2 Hard, 3 Good or 4 Easy" + (", or Enter to accept" if suggested else "")
                      + "; u undoes the last rating.", style="dim", markup=False)
            continue
        from cnnquiz.progress.store import StoreLocked

        while True:
            try:
                render.rated(con, session.rate(attempt, rating))
                return
            except StoreLocked as exc:  # another program holds the lock: keep the answer, let the user retry
                con.print(f"{exc}", style="yellow", markup=False)
                read_line(con, "Enter tries again (Ctrl-D gives up this rating) › ")


def undo_and_rerate(con: Console, session: Session) -> bool:
    """Undo this session's last rating and ask for that question's rating again; False if nothing was undone."""
    from cnnquiz.errors import StoreError

    try:
        attempt = session.undo()
    except StoreError as exc:  # another session reviewed that card since
        con.print(f"cannot undo: {exc}", style="yellow", markup=False)
        return False
    if attempt is None:
        con.print("nothing to undo", style="dim")
        return False
    score = f" (score {round(attempt.grade.score * 100)}/100)" if attempt.grade else ""
    con.print(f"undo: rate {attempt.question.id}{score} again (its first rating stays until you do)",
              markup=False)
    take_rating(con, session, attempt)
    return True


def practice(
    ctx: typer.Context,
    topic: Annotated[
        Optional[list[str]],
        typer.Option(
            "--topic", "-t", metavar="TOPIC", help="Only these topics (repeatable).", autocompletion=complete_topic,
        ),
    ] = None,
    source: Annotated[
        Optional[str],
        typer.Option(
            "--source", "-s", metavar="DOC",
            help="Only one source document: short name (day12-resnet), file or prefix.", autocompletion=complete_source,
        ),
    ] = None,
    difficulty: Annotated[
        Optional[Difficulty],
        typer.Option(
            "--difficulty", "-d", case_sensitive=False, help="Only this difficulty.",
            autocompletion=complete_difficulty,
        ),
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, metavar="N", help="How many questions at most.")] = 10,
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode", "-m", case_sensitive=False,
            help="mixed: due cards, then new ones up to the daily limit; due; new; cram: any matching question, "
                 "schedule untouched; mock: timed interview, report at the end.",
            autocompletion=complete_mode,
        ),
    ] = Mode.MIXED,
    new_limit: Annotated[
        Optional[int],
        typer.Option("--new-limit", min=0, metavar="N", help="New cards per day (default 10; saved for next time)."),
    ] = None,
    flashcards: Annotated[
        bool,
        typer.Option("--flashcards", help="Do not type answers: Enter reveals, then rate."),
    ] = False,
    retention: Annotated[
        Optional[float],
        typer.Option("--retention", metavar="R", help="Desired retention, 0.70-0.99 (default 0.9; saved)."),
    ] = None,
    minutes: Annotated[float, typer.Option("--minutes", metavar="MIN", help="Time limit of a mock interview.")] = 20.0,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="With --mode mock: the report as JSON on stdout (the interview itself on stderr)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Practise: answer, see the graded verdict, rate; progress is saved after every rating.

    Type an answer and end it with an empty line; `?` shows the answer without grading, `s` skips,
    `u` undoes the last rating, Ctrl-D or Ctrl-C ends the session. Then Enter accepts the suggested
    rating, or 1 Again, 2 Hard, 3 Good, 4 Easy overrides it.
    """
    from cnnquiz.quiz.session import Session, SessionOptions

    if flashcards and mode is Mode.MOCK:
        raise UsageError("--flashcards does not go with --mode mock (a mock interview needs typed answers)")
    if as_json and mode is not Mode.MOCK:
        raise UsageError("--json goes with --mode mock (the report of a mock interview)")
    opts = SessionOptions(mode, count, tuple(topic or ()), source, difficulty, new_limit,
                          retention, flashcards, minutes)
    bank = state(ctx).bank()
    con = console(stderr=as_json)
    enable_line_editing()
    with open_store(db) as store:
        opts, day = toward_interview(bank, store, opts)
        session = Session(bank, store, opts)
        from cnnquiz.render import practice as render

        if not session.plan.ids:
            render.nothing_to_do(con, session.plan, session.summary().next_due, opts.mode.value, opts.topics)
            return
        render.plan_notes(con, session.plan, day, opts)
        if opts.mode is Mode.MOCK:
            from cnnquiz.cli.mock import run_mock

            run_mock(con, session, as_json)
            return
        from cnnquiz.progress.scheduler import card_kind

        drills: list = []
        try:
            ids = session.plan.ids
            for index, qid in enumerate(ids, 1):
                if card_kind(qid) == "drill":  # a due drill kind (mixed mode): a fresh problem of that kind
                    from cnnquiz.cli.drill import ask_due_drill

                    drills.append(ask_due_drill(con, store, qid, index, len(ids), session.srs, opts.mode.value))
                    continue
                ask(con, session, session.bank.get(qid), index, len(ids))
        except (Ended, KeyboardInterrupt):
            con.print()
        from cnnquiz.render.practice import summary

        totals = session.summary()
        totals.skipped += sum(1 for d in drills if d.skipped)  # every skip counts, questions and drills alike
        summary(con, totals)
        if any(not d.skipped for d in drills):
            from cnnquiz.cli.drill import drill_summary

            drill_summary(con, [d for d in drills if not d.skipped])


def toward_interview(bank, store, opts):
    """With a saved interview date ahead: cap intervals at its eve and raise the daily new cards to be ready."""
    import dataclasses

    from cnnquiz.progress import interview
    from cnnquiz.progress.scheduler import utcnow

    day = interview.saved_day(store)
    now = utcnow()
    today = now.astimezone().date()
    if day is None or day <= today or not opts.mode.schedules:
        return opts, None
    unseen = sum(q.id not in store.cards() for q in bank.questions) - len(store.hidden_ids(now))
    return dataclasses.replace(opts, cap=interview.cap(day),
                               new_per_day=interview.new_per_day(max(0, unseen), day, today)), day


def register(app: typer.Typer) -> None:
    """Add the practice command to the root app."""
    app.command("practice")(practice)
