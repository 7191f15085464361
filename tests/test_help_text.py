"""`--help` reads cleanly: no `<bool>` beside a flag, no `<list[str]>`, `<int range>` or other typer labels."""

from __future__ import annotations

import pytest
import typer

from cnnquiz.cli import helpfmt
from cnnquiz.cli.main import app


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the app, as argv prefixes."""
    root = typer.main.get_command(app)
    out: list[tuple[str, ...]] = [()]

    def walk(cmd, path: tuple[str, ...]) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            out.append((*path, name))
            walk(sub, (*path, name))

    walk(root, ())
    return out


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "cnnquiz")
def test_help_has_no_typer_type_labels(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    for label in ("<bool>", "<list[", "range>", "<str>", "<int>", "<float>", "<path>"):
        assert label not in result.output, (path, label)


def test_commands_are_found():
    paths = {" ".join(p) for p in command_paths()}
    assert {"practice", "compare", "calc depthwise", "bank search", "card suspend"} <= paths


@pytest.mark.parametrize("label, shown", [
    ("<int range>", "INTEGER"), ("<list[str]>", "TEXT..."), ("<path>", "PATH"), ("<float>", "FLOAT"),
    ("<a|b>", "a|b"), ("<text>", "TEXT"),
])
def test_readable_type_labels(label, shown):
    assert helpfmt.readable(label) == shown


def test_later_paragraphs_rewrap_and_backslash_b_keeps_lines():
    assert helpfmt.paragraphs(["one\ntwo  three", "\b\nkeep\nthese"]) == "one two three\n\nkeep\nthese"


@pytest.mark.parametrize("path, words", [
    (("compare",), "results are cached per model and resolution"),
    (("practice",), "`s` skips, `u` undoes the last rating"),
    (("calc", "rf"), "a layer spec: comma-separated layers"),
])
def test_a_docstring_wrapped_in_the_source_is_one_paragraph_in_help(cli, path, words):
    out = cli(*path, "--help", env={"COLUMNS": "400"}).output
    assert any(words in line for line in out.splitlines()), out
