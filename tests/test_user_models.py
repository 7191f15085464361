"""The user's own models (FILE:NAME) in calc rf, compare and summary, and every bad input as one file:line line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cnnquiz.errors import UsageError
from cnnquiz.models import user

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "usernets"
NET = FIXTURES / "net.py"


def by_hand_params(width: int, classes: int) -> int:
    """MyNet's parameters: two bias-free 3×3 convs, two BatchNorms, a linear head."""
    return 27 * width + 2 * width + 9 * width * 2 * width + 2 * 2 * width + 2 * width * classes + classes


def test_literal_parser_never_evaluates() -> None:
    assert user.parse_args(["width=64", "drop=0.2", "se=true", "act=relu", "norm=None", "name='a b'", "n=-3",
                            "e=1e-3"]) == {"width": 64, "drop": 0.2, "se": True, "act": "relu", "norm": None,
                                           "name": "a b", "n": -3, "e": 0.001}
    assert user.parse_args(["x=__import__('os').system('echo hi')"]) == {"x": "__import__('os').system('echo hi')"}
    assert user.parse_args(["x=[1, 2]"]) == {"x": "[1, 2]"}  # text, not a list: nothing is evaluated


@pytest.mark.parametrize(("items", "needle"), [
    (["width"], "--arg 'width' is not KEY=VALUE"),
    (["=3"], "is not KEY=VALUE"),
    (["1x=3"], "'1x' is not a Python argument name"),
    (["w=1", "w=2"], "--arg w is given twice"),
])
def test_bad_arg_is_a_usage_error(items: list[str], needle: str) -> None:
    with pytest.raises(UsageError, match=needle):
        user.parse_args(items)


def test_summary_of_a_class_with_arguments(cli) -> None:
    res = cli("summary", f"{NET}:MyNet", "--arg", "width=64", "--resolution", "160", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["model"] == "net.py:MyNet(width=64)" and data["resolution"] == 160
    rows = {r["name"]: r for r in data["rows"]}
    assert data["totals"]["params"] == by_hand_params(64, 10)
    assert rows["stem"]["output"] == [1, 64, 80, 80] and rows["stage"]["output"] == [1, 128, 40, 40]
    assert rows["stem"]["macs"] == 27 * 64 * 80 * 80  # 3×3×3 weights per output, 80×80×64 outputs
    assert (rows["stage"]["receptive_field"], rows["stage"]["jump"]) == (7, 4)
    assert rows["head"]["params"] == 128 * 10 + 10
    table = cli("summary", f"{NET}:MyNet", "--arg", "width=64").output
    assert "net.py:MyNet(width=64), 224×224 input" in table and "head" in table


def test_calc_rf_of_a_factory(cli) -> None:
    res = cli("calc", "rf", f"{NET}:build", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert (data["receptive_field"], data["jump"]) == (7, 4)  # two 3×3 stride-2 convs: 3 + 2·2
    assert [s["name"] for s in data["stages"]] == ["stem", "stage"]
    assert "receptive field 7 px" in cli("calc", "rf", f"{NET}:build").output


def test_compare_a_zoo_model_with_the_users(cli) -> None:
    res = cli("compare", "resnet18", f"{NET}:MyNet", "--arg", "width=32", "--json")
    assert res.exit_code == 0, res.output
    first, mine = json.loads(res.output)["models"]
    assert first["name"] == "resnet18" and mine["name"] == "net.py:MyNet(width=32)"
    assert mine["family"] == "user" and mine["top1"] is None and mine["params"] == by_hand_params(32, 10)
    assert mine["receptive_field"] == 7 and mine["ratio_to_first"]["params"] < 0.01
    summary = json.loads(cli("summary", f"{NET}:MyNet", "--arg", "width=32", "--json").output)["totals"]
    assert {k: mine[k] for k in ("params", "macs", "flops", "activation_bytes")} == \
        {k: summary[k] for k in ("params", "macs", "flops", "activation_bytes")}
    assert "net.py:MyNet(width=32)" in cli("compare", "resnet18", f"{NET}:MyNet", "--arg", "width=32").output


def test_a_forward_that_needs_values_runs_on_the_cpu(cli) -> None:
    """`if x.sum() > 0` cannot run on meta tensors: summary and compare build it on the CPU instead."""
    data = json.loads(cli("summary", f"{NET}:Branchy", "--json").output)
    assert data["totals"]["params"] == 4 * 27 + 4 and data["totals"]["receptive_field"] is None
    assert "torch.fx cannot trace" in cli("summary", f"{NET}:Branchy").output


def test_user_models_are_not_cached(cli, tmp_path: Path) -> None:
    net = tmp_path / "net.py"
    shutil.copy(NET, net)
    before = json.loads(cli("summary", f"{net}:build", "--json").output)["totals"]["params"]
    net.write_text(NET.read_text().replace("return MyNet(width=width, classes=5)",
                                           "return MyNet(width=width, classes=7)"))
    after = json.loads(cli("summary", f"{net}:build", "--json").output)["totals"]["params"]
    assert (before, after) == (by_hand_params(8, 5), by_hand_params(8, 7))


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


BAD = {  # FILE:NAME and extra args -> (file:line expected in the message or None, words of the fix)
    "missing file": ("missing.py:Net", [], None, "no such file"),
    "a folder": (":Net", [], None, "is a folder, not a file"),
    "no name after the colon": ("net.py:", [], None, "no name after the colon"),
    "name not in the file": ("net.py:mynet", [], None, "has no 'mynet'; did you mean MyNet?"),
    "syntax error": ("syntax.py:Net", [], ("syntax.py", "class Net"), "SyntaxError"),
    "import fails": ("broken_import.py:Net", [], ("broken_import.py", "undefined_name"), "NameError"),
    "factory raises": ("net.py:broken", [], ("net.py", 'raise ValueError("no weights'), "ValueError: no weights here"),
    "returns no module": ("net.py:not_a_module", [], ("net.py", "def not_a_module"), "returned an int, not an nn.Module"),
    "not callable": ("net.py:NOT_A_MODEL", [], ("net.py", "NOT_A_MODEL = 3"), "is an int, not an nn.Module"),
    "unknown --arg": ("net.py:MyNet", ["--arg", "widht=3"], ("net.py", "class MyNet"), "it takes width, classes, bias"),
    "forward fails": ("net.py:Fixed", [], ("net.py", "return self.fc(x.flatten(1))"), "mat1 and mat2 shapes"),
}


@pytest.mark.parametrize("command", [["summary"], ["compare"], ["calc", "rf"]])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_user_model_is_one_line_naming_file_and_line(cli, command: list[str], case: str) -> None:
    target, extra, where, says = BAD[case]
    res = cli(*command, f"{FIXTURES}{target}" if target.startswith(":") else f"{FIXTURES}/{target}", *extra)
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in res.output
    assert says in lines[0]
    if where:
        file, text = where
        assert f"{FIXTURES / file}:{_line(FIXTURES / file, text)}: " in lines[0]


def test_forward_error_names_the_resolution_fix_and_the_right_size_works(cli) -> None:
    res = cli("summary", f"{NET}:Fixed")
    assert res.exit_code == 2 and "1×3×224×224" in res.output and "--resolution" in res.output
    assert cli("summary", f"{NET}:Fixed", "-r", "32").exit_code == 0


def test_untraceable_forward_in_calc_rf_names_the_line(cli) -> None:
    res = cli("calc", "rf", f"{NET}:Branchy")
    assert res.exit_code == 2
    assert f"{NET}:{_line(NET, 'if x.sum() > 0')}: tracing Branchy.forward with torch.fx" in res.output
    assert "no Python if/for on tensor values" in res.output


def test_arg_without_a_user_model_and_file_name_elsewhere(cli) -> None:
    for args in (["compare", "resnet18", "--arg", "w=1"], ["calc", "rf", "resnet18", "--arg", "w=1"]):
        res = cli(*args)
        assert res.exit_code == 2 and "no such model is named" in res.output
    res = cli("calc", "width", "--model", f"{NET}:MyNet")
    assert res.exit_code == 2 and "accepted by calc rf, compare and summary" in res.output


@pytest.mark.parametrize("command", [["summary"], ["compare"], ["calc", "rf"]])
def test_what_the_users_code_prints_stays_off_stdout(command: list[str], isolated_home: Path) -> None:
    import subprocess

    from tests.conftest import cnnquiz_cmd, fresh_env

    out = subprocess.run([*cnnquiz_cmd(), *command, f"{NET}:Chatty", "--json"], env=fresh_env(isolated_home),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)
    assert "building Chatty" in out.stderr and "building Chatty" not in out.stdout


def test_compare_latency_times_the_users_model(cli) -> None:
    res = cli("compare", f"{NET}:MyNet", "--arg", "width=8", "--latency", "--runs", "1", "--json")
    assert res.exit_code == 0, res.output
    (mine,) = json.loads(res.output)["models"]
    assert mine["name"] == "net.py:MyNet(width=8)" and mine["latency_ms"] > 0
