"""cli/lazy.py: the root app lists every command as if all were registered, and imports only the one in use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from cnnquiz.cli import lazy
from cnnquiz.cli.main import app
from tests.conftest import fresh_env


def eager_group():
    """The root group as it was built before cli.lazy: every module registered on one Typer."""
    eager = typer.Typer()
    for name in lazy.MODULES:
        lazy.module(name).register(eager)
    return typer.main.get_command(eager)


def test_the_table_names_every_command_of_every_module_in_typers_order():
    assert list(lazy.COMMANDS) == list(eager_group().commands)
    for name in lazy.MODULES:
        assert set(lazy.build(name, app)) == {c for c, m in lazy.COMMANDS.items() if m == name}


def test_lookups_build_only_the_command_asked_for():
    root = typer.main.get_command(app)
    commands = root.commands
    assert isinstance(commands, lazy.LazyCommands) and commands.loaded() == []
    assert "calc" in commands and "nope" not in commands and len(commands) == len(lazy.COMMANDS)
    assert root.list_commands(None) == list(lazy.COMMANDS) and commands.loaded() == []
    assert commands["compare"].name == "compare"
    assert sorted(commands.loaded()) == ["compare", "models"]  # one module registers both
    assert commands.get("nope") is None
    with pytest.raises(KeyError):
        commands["nope"]


def test_each_lazily_built_command_has_the_eager_ones_parameters_and_help():
    root, eager = typer.main.get_command(app), eager_group()
    for name, command in eager.commands.items():
        built = root.commands[name]
        assert type(built) is type(command) and built.help == command.help
        assert [p.opts for p in built.params] == [p.opts for p in command.params]
        assert list(getattr(built, "commands", {})) == list(getattr(command, "commands", {}))


# Runs the CLI in a fresh interpreter and reports which cnnquiz modules were imported by its exit.
PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in sys.modules if m.startswith("cnnquiz"))), file=sys.stderr))
sys.argv = ["cnnquiz", *sys.argv[1:]]
from cnnquiz.cli.main import main
main()
"""


@pytest.mark.parametrize("args, unused", [
    (["stats", "--json"], ["cnnquiz.cli.calc", "cnnquiz.cli.bank", "cnnquiz.cli.drill", "cnnquiz.cli.practice",
                           "cnnquiz.models", "cnnquiz.cli.export"]),
    (["practice", "-n", "1"], ["cnnquiz.cli.calc", "cnnquiz.cli.bank", "cnnquiz.models", "cnnquiz.cli.stats",
                               "cnnquiz.cli.drill", "cnnquiz.drill.problem"]),  # drills only when one is due
    (["bank", "list", "--json"], ["cnnquiz.cli.calc", "cnnquiz.cli.practice", "cnnquiz.models",
                                  "cnnquiz.progress.store"]),
    (["drill", "--json", "-n", "2", "--seed", "1"], ["cnnquiz.render.drill", "cnnquiz.progress.store",
                                                     "cnnquiz.cli.practice"]),  # --json: nothing to render
], ids=["stats --json", "practice", "bank list --json", "drill --json"])
def test_a_command_imports_no_other_commands_module(args, unused, isolated_home):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=fresh_env(isolated_home), capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    imported = set(json.loads(proc.stderr.strip().splitlines()[-1]))
    assert imported.isdisjoint(unused), sorted(imported & set(unused))


def test_with_the_bank_cache_warm_practice_reads_no_yaml(isolated_home):
    """The documents table and every question come from the bank cache: no YAML parser before the question."""
    runs = []
    for _ in range(2):  # the first run parses the YAML bank and writes the cache; the second only reads it
        proc = subprocess.run([sys.executable, "-c", PROBE, "practice", "-n", "1"], env=fresh_env(isolated_home),
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        runs.append(set(json.loads(proc.stderr.strip().splitlines()[-1])))
    yaml_code = {"cnnquiz.bank.yamlread", "cnnquiz.bank.documents", "cnnquiz.bank.validate"}
    assert yaml_code <= runs[0] and runs[1].isdisjoint(yaml_code)
