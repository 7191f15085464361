"""cli/coerce.py's fast path agrees with typer's pydantic coercion on every parameter, and keeps pydantic out."""

from __future__ import annotations

import enum
import json
import subprocess
import sys
from pathlib import Path
from typing import get_args, get_origin

import pytest
import typer
from typer import _click as click
from typer import core

from cnnquiz.cli import coerce
from cnnquiz.cli.main import app
from tests.conftest import fresh_env


def parameters() -> list[tuple[str, click.Command, click.Parameter]]:
    """(command path, command, parameter) for every parameter of every command and group of the app."""
    out = []

    def walk(cmd: click.Command, path: str) -> None:
        out.extend((path or "cnnquiz", cmd, p) for p in cmd.params if hasattr(p, "type_descriptor"))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return out


PARAMS = parameters()


def leaf_values(annotation, info, tmp: Path) -> list:
    """Representative valid and invalid values for one leaf annotation and its min/max."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        members = list(annotation)
        return [*members, *(m.value for m in members), members[0].value.upper(), " " + members[0].value,
                "nope", "", 3]
    if annotation is bool:
        return [True, False, "true", "no", "", "maybe", 1]
    if annotation is str:
        return ["abc", "", "héllo wörld", "\udcff", "-", "2%", 5]
    if annotation in (int, float):
        values = ["0", "1", "-3", "+5", "007", "42", "999999999999999999", "1_000", " 5", "1.0", "1.5", "abc", "",
                  "1e3", "1.5e-3", "1.", ".5", "inf", "nan", "-inf", 7, 2.5, 0.0, True]
        for bound in (info.min, info.max):
            if bound is not None:
                values += [str(bound), str(bound - 1), str(bound + 1), bound, str(float(bound))]
        return values
    if isinstance(annotation, type) and issubclass(annotation, Path):
        (tmp / "file.yaml").write_text("x")
        (tmp / "folder").mkdir(exist_ok=True)
        return ["x.json", "", ".", "a//b/", str(tmp / "file.yaml"), str(tmp / "folder"), str(tmp / "missing"),
                "~/deck", "x\x00y", Path("y"), Path(tmp / "folder"), 3]
    raise AssertionError(f"no sample values for {annotation!r}: add them here")


def outcome(runtime, value, param, ctx):
    """What coercing `value` gives: ('ok', value, type names) or ('error', exception type, message)."""
    try:
        got = runtime.coerce(value, param=param, ctx=ctx)
    except click.exceptions.ClickException as exc:
        return "error", type(exc).__name__, exc.format_message()
    kinds = [type(v).__name__ for v in got] if isinstance(got, (list, tuple)) else type(got).__name__
    return "ok", repr(got), type(got).__name__, kinds  # repr: nan == nan


def samples(param, tmp: Path) -> list:
    desc = param.type_descriptor
    many = get_origin(desc.annotation) is list
    leaf = get_args(desc.annotation)[0] if many else desc.annotation
    values = leaf_values(leaf, desc.parameter_info, tmp)
    if many:
        good = [v for v in values if isinstance(v, str)][:3]
        return [tuple(good), tuple(good[:1]), (), tuple(values), *[(v,) for v in values], [good[0]], good[0], None]
    return [*values, None, param.default]


@pytest.mark.parametrize("path, command, param", PARAMS, ids=[f"{p} {q.name}" for p, _, q in PARAMS])
def test_the_fast_path_agrees_with_typers_pydantic_coercion(path, command, param, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fast = coerce.build_runtime_param(param.type_descriptor)
    assert isinstance(fast, coerce.FastParam), f"{path} {param.name}: typer's pydantic path would be imported"
    slow = coerce.ORIGINAL(param.type_descriptor)
    ctx = click.Context(command, info_name=path)
    for value in samples(param, tmp_path):
        assert outcome(fast, value, param, ctx) == outcome(slow, value, param, ctx), (path, param.name, value)
    unused = coerce.build_runtime_param(param.type_descriptor)
    unused.coerce(param.default, param=param, ctx=ctx)
    assert not unused._slow, f"{path} {param.name}: its default went through pydantic"


def test_the_app_uses_the_fast_path():
    assert coerce.SUPPORTED and core.build_runtime_param is coerce.build_runtime_param
    assert coerce.install() and core.build_runtime_param is coerce.build_runtime_param  # idempotent


def test_another_typer_is_left_alone(monkeypatch):
    monkeypatch.setattr(coerce, "SUPPORTED", False)
    monkeypatch.setattr(core, "build_runtime_param", coerce.ORIGINAL)
    assert coerce.install() is False
    assert core.build_runtime_param is coerce.ORIGINAL


def test_unplain_annotations_keep_typers_path():
    from datetime import datetime
    from typing import Literal

    from typer.models import OptionInfo

    for annotation, info in [(datetime, OptionInfo()), (Literal["a", "b"], OptionInfo()),
                             (tuple[int, int], OptionInfo()), (int, OptionInfo(clamp=True, min=1)),
                             (str, OptionInfo(parser=str.upper)), (Path, OptionInfo(allow_dash=True)),
                             (typer.FileText, OptionInfo())]:
        desc = typer._coercion.resolve_type_descriptor(annotation, info)
        assert coerce.fast_param(desc) is None, annotation


# Runs the CLI's main() in a fresh interpreter and reports at exit whether pydantic was imported.
PROBE = """
import atexit, sys
atexit.register(lambda: print("pydantic imported:", "pydantic" in sys.modules, file=sys.stderr))
sys.argv = ["cnnquiz", *sys.argv[1:]]
import cnnquiz.cli.main
if len(sys.argv) > 1:
    cnnquiz.cli.main.main()
"""


@pytest.mark.parametrize("args", [[], ["stats", "--json"], ["bank", "list", "--json", "-d", "HARD"],
                                  ["drill", "--json", "-n", "2", "--seed", "3"]], ids=" ".join)
def test_commands_do_not_import_pydantic(args, isolated_home):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=fresh_env(isolated_home), capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pydantic imported: False" in proc.stderr, proc.stderr
    if args[:2] == ["stats", "--json"]:
        assert json.loads(proc.stdout)["reviews"] == 0
