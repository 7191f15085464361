"""Shell-completion callbacks for Typer's `autocompletion=`: model names, question ids and topics.

They run inside the shell's TAB press, so they never raise (a broken bank completes nothing) and
never import torch: model names come from the registry's on-disk name cache (torchvision is imported
only the first time, to fill it).
"""

from __future__ import annotations

import typer

from cnnquiz.errors import CnnquizError

HELP_WIDTH = 60


def _short(text: str, width: int = HELP_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def model_names(incomplete: str = "") -> list[str]:
    """torchvision model names starting with `incomplete` (case-insensitive), sorted."""
    from cnnquiz.models import torchvision_names

    try:
        names = torchvision_names()
    except (CnnquizError, ImportError, OSError):
        return []
    prefix = incomplete.lower()
    return [n for n in names if n.lower().startswith(prefix)]


def complete_model(incomplete: str) -> list[str]:
    """Typer autocompletion for a model-name argument or option."""
    return model_names(incomplete)


def _bank_for(ctx: typer.Context | None):
    """The bank the command line names: its --bank/--only are parsed, but the root callback has not run."""
    from cnnquiz.cli.common import State

    root = ctx.find_root() if ctx is not None else None
    if root is not None and isinstance(root.obj, State):
        return root.obj.bank()
    params = root.params if root is not None else {}
    return State(bank_dirs=list(params.get("bank_dirs") or []), only=bool(params.get("only"))).bank()


def question_ids(ctx: typer.Context | None, incomplete: str = "") -> list[tuple[str, str]]:
    """(id, question text) for ids starting with `incomplete`, in bank order; [] if the bank cannot load."""
    try:
        bank = _bank_for(ctx)
    except (CnnquizError, OSError):
        return []
    prefix = incomplete.lower()
    return [(q.id, _short(q.question)) for q in bank.questions if q.id.startswith(prefix)]


def complete_question_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Typer autocompletion for a question-id argument (zsh and fish also show the question)."""
    return question_ids(ctx, incomplete)


def complete_topic(incomplete: str) -> list[tuple[str, str]]:
    """Typer autocompletion for a --topic option: the topic vocabulary with its descriptions."""
    from cnnquiz.bank.schema import TOPICS

    return [(t, d) for t, d in TOPICS.items() if t.startswith(incomplete.lower())]


def _starting(pairs, incomplete: str) -> list[tuple[str, str]]:
    return [(name, help) for name, help in pairs if name.startswith(incomplete.lower())]


def complete_kind(incomplete: str) -> list[tuple[str, str]]:
    """Typer autocompletion for `drill --kind`: every kind of problem, and mixed."""
    from cnnquiz.drill.problem import KINDS, MIXED

    return _starting([(k, "drill problems of this kind") for k in KINDS] + [(MIXED, "all kinds in turn")],
                     incomplete)


MODE_HELP = {"mixed": "due cards, then new ones", "due": "only due cards", "new": "only new cards",
             "cram": "any question, schedule untouched", "mock": "timed interview, report at the end"}


def complete_mode(incomplete: str) -> list[tuple[str, str]]:
    """Typer autocompletion for `practice --mode`."""
    return _starting(MODE_HELP.items(), incomplete)


def complete_difficulty(incomplete: str) -> list[str]:
    """Typer autocompletion for a --difficulty option."""
    return [d for d in ("easy", "medium", "hard") if d.startswith(incomplete.lower())]


def complete_source(ctx: typer.Context, incomplete: str) -> list[str]:
    """Typer autocompletion for a --source option: the documents' short names (day12-resnet, ...)."""
    try:
        names = _bank_for(ctx).document_names()
    except (CnnquizError, OSError):
        return []
    return sorted(n for n in set(names.values()) if n.startswith(incomplete))


def complete_card_id(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Typer autocompletion for card ids: question ids, then drill:<kind> cards."""
    from cnnquiz.drill.problem import KINDS

    drills = [(f"drill:{k}", f"the {k} drill card") for k in KINDS if f"drill:{k}".startswith(incomplete)]
    return question_ids(ctx, incomplete) + drills
