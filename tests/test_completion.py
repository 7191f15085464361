"""Shell completion: the callbacks directly, and through Typer's completion environment in a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cnnquiz.cli import complete
from tests.conftest import cnnquiz_cmd, fresh_env
from tests.test_export import make_deck


def shell_complete(home: Path, shell: str, line: str, **extra: str) -> subprocess.CompletedProcess:
    """Ask the installed `cnnquiz` for completions of `line` as bash, zsh or fish would."""
    env = fresh_env(home, _CNNQUIZ_COMPLETE=f"complete_{shell}", **extra)
    if shell == "bash":
        words = line.split(" ")
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        env.update(_TYPER_COMPLETE_ARGS=line)
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return subprocess.run(cnnquiz_cmd(), capture_output=True, text=True, env=env, timeout=60)


# --- the callbacks ----------------------------------------------------------------------------------


@pytest.mark.slow  # imports torchvision once to list its models
def test_model_names_complete_by_prefix():
    assert complete.model_names("resnet5") == ["resnet50"]
    effs = complete.complete_model("efficientnet_b")
    assert effs == [f"efficientnet_b{i}" for i in range(8)]
    assert "mobilenet_v3_large" in complete.model_names("MobileNet_V3")
    assert complete.model_names("no-such-model") == []
    assert len(complete.model_names("")) > 50


def test_question_ids_of_a_users_deck(tmp_path, monkeypatch):
    make_deck(tmp_path / "deck", n=12)
    monkeypatch.setenv("CNNQUIZ_BANK", str(tmp_path / "deck"))
    hits = complete.question_ids(None, "fx-01")
    assert [qid for qid, _ in hits] == ["fx-010", "fx-011"]
    assert hits[0][1].startswith("Question 10: why does a `1x1` conv")
    assert all(len(text) <= complete.HELP_WIDTH for _, text in complete.question_ids(None, "fx"))


def test_question_ids_of_the_real_bank():
    ids = [qid for qid, _ in complete.question_ids(None, "resnet-k")]
    assert "resnet-key-innovation" in ids and all(i.startswith("resnet-k") for i in ids)
    assert len(complete.question_ids(None, "")) == 100


def test_a_broken_bank_completes_nothing(tmp_path, monkeypatch):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.yaml").write_text("questions: [\n")
    monkeypatch.setenv("CNNQUIZ_BANK", str(tmp_path / "bad"))
    assert complete.question_ids(None, "") == []
    monkeypatch.setenv("CNNQUIZ_BANK", str(tmp_path / "missing"))
    assert complete.question_ids(None, "") == []


def test_topics_complete_with_descriptions():
    assert complete.complete_topic("res") == [
        ("resnet", "ResNet, residual learning, basic and bottleneck blocks"),
        ("resnext", "ResNeXt, cardinality, grouped and wide variants"),
    ]


def test_model_completion_through_typer_in_process():
    demo = typer.Typer()

    @demo.command()
    def run(model: str = typer.Argument(..., autocompletion=complete.complete_model)) -> None:
        """Uses a model name."""

    result = CliRunner().invoke(demo, [], prog_name="demo",
                                env={"_DEMO_COMPLETE": "complete_bash", "COMP_WORDS": "demo vgg1",
                                     "COMP_CWORD": "1"})
    assert result.stdout.split() == ["vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn",
                                     "vgg19", "vgg19_bn"]


# --- through the installed command and Typer's completion variables -------------------------------


def test_bash_completes_ids_from_a_bank_folder(tmp_path, isolated_home):
    make_deck(tmp_path / "deck", n=12)
    out = shell_complete(isolated_home, "bash", f"cnnquiz --bank {tmp_path / 'deck'} --only bank show fx-00")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [f"fx-00{i}" for i in range(10)]


def test_bash_completes_builtin_ids(isolated_home):
    out = shell_complete(isolated_home, "bash", "cnnquiz bank show resnet-k")
    assert out.returncode == 0 and "resnet-key-innovation" in out.stdout.split()


def test_zsh_and_fish_show_the_question_beside_the_id(tmp_path, isolated_home):
    make_deck(tmp_path / "deck", n=3)
    line = f"cnnquiz --bank {tmp_path / 'deck'} --only bank show fx-001"
    zsh = shell_complete(isolated_home, "zsh", line)
    assert zsh.stdout.startswith("_arguments") and r'"fx-001":"Question 1\\: why does a' in zsh.stdout  # Typer escapes ':' for zsh
    fish = shell_complete(isolated_home, "fish", line)
    assert fish.stdout.splitlines() == ["fx-001\tQuestion 1: why does a `1x1` conv help when C_in < C_out?"]


def test_bash_completes_subcommands_and_topics(isolated_home):
    assert shell_complete(isolated_home, "bash", "cnnquiz bank ne").stdout.split() == ["new"]
    topics = shell_complete(isolated_home, "bash", "cnnquiz export anki --topic mob").stdout.split()
    assert topics == ["mobilenet"]


def test_completion_with_a_broken_bank_prints_nothing_and_no_traceback(tmp_path, isolated_home):
    out = shell_complete(isolated_home, "bash", f"cnnquiz --bank {tmp_path / 'nope'} bank show x")
    assert out.returncode == 0 and out.stdout.strip() == "" and "Traceback" not in out.stderr


def test_id_completion_does_not_import_torch(tmp_path, isolated_home):
    make_deck(tmp_path / "deck", n=3)
    code = ("import atexit, sys; sys.argv[0] = 'cnnquiz'; "
            "atexit.register(lambda: print('torch loaded:', 'torch' in sys.modules, file=sys.stderr)); "
            "from cnnquiz.cli.main import main; main()")
    line = f"cnnquiz --bank {tmp_path / 'deck'} bank show fx"
    env = fresh_env(isolated_home, _CNNQUIZ_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD="5")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["fx-000", "fx-001", "fx-002"]
    assert "torch loaded: False" in out.stderr


def test_root_help_offers_completion_install(cli):
    help_text = cli("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    script = cli("--show-completion", "bash").stdout
    assert "_CNNQUIZ_COMPLETE=complete_bash" in script and "complete -o default -F _cnnquiz_completion cnnquiz" in script


@pytest.mark.parametrize("line,expected", [
    ("cnnquiz grade se-bl", "se-block-why"),
    ("cnnquiz practice --topic effici", "efficientnet"),
    ("cnnquiz bank list --topic recep", "receptive-field"),
    ("cnnquiz compare resnet50 efficientnet_b", "efficientnet_b7"),
    ("cnnquiz calc rf mobilenet_v3_l", "mobilenet_v3_large"),
    # issue 13 item 2: drill kinds, modes, difficulties, documents, card ids (drill cards too), formats
    ("cnnquiz drill --kind conv-m", "conv-macs"),
    ("cnnquiz drill -k mix", "mixed"),
    ("cnnquiz practice --mode cr", "cram"),
    ("cnnquiz practice -d me", "medium"),
    ("cnnquiz practice --source day12", "day12-resnet"),
    ("cnnquiz card suspend drill:b", "drill:bottleneck"),
    ("cnnquiz card show resnet-key", "resnet-key-innovation"),
    ("cnnquiz export ma", "markdown"),
])
def test_every_id_topic_and_model_argument_completes(isolated_home, line, expected):
    result = shell_complete(isolated_home, "bash", line)
    assert expected in result.stdout.split(), result.stderr
