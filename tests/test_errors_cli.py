"""One-line usage errors, NO_COLOR, --db folders, broken stdout and completion scripts per shell (issue 13)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import cnnquiz_cmd, fresh_env


def run(home, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cnnquiz_cmd(), *args], capture_output=True, text=True, env=fresh_env(home, **env),
                          timeout=120)


# --- item 10 / L14: Typer's own errors are one line, exit 2 ----------------------------------------------


@pytest.mark.parametrize("args, line", [
    (("compare", "resnet50", "--latncy"), "error: no such option --latncy (did you mean --latency?)"),
    (("compare",), "error: missing argument 'MODEL...'"),
    (("bogus",), "error: no such command 'bogus'"),
    (("practice", "-n", "0"), "error: invalid value for '--count' / '-n': Input should be greater than or equal to 1"),
    (("calc", "conv", "--cin", "64.5", "--cout", "8", "-k", "3"), "error: invalid value for '--cin'"),
    (("--bank",), "error: option '--bank' requires an argument"),
])
def test_usage_errors_are_one_line_exit_2(cli, args, line):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(line)
    assert "╭" not in result.output and "Usage:" not in result.output


def test_no_color_is_honoured_on_errors(tmp_path):
    # a pty makes stderr a terminal: red unless NO_COLOR is set
    import pty

    def stderr_of(no_color: str) -> bytes:
        env = {**fresh_env(tmp_path / "home"), "NO_COLOR": no_color}
        leader, follower = pty.openpty()
        proc = subprocess.run([*cnnquiz_cmd(), "compare", "resnet5O"], stderr=follower, stdout=subprocess.DEVNULL,
                              env=env, timeout=120)
        os.close(follower)
        data = os.read(leader, 4096)
        os.close(leader)
        assert proc.returncode == 2
        return data

    assert b"\x1b[" in stderr_of("")
    plain = stderr_of("1")
    assert b"\x1b[" not in plain and plain.startswith(b"error: unknown model 'resnet5O'")


def test_db_in_a_missing_folder_is_refused_and_nothing_created(tmp_path):
    missing = tmp_path / "nonexistent" / "dir"
    for cmd in ("stats", "drill", "practice"):
        result = run(tmp_path / "home", cmd, "--db", str(missing / "p.db"))
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip() == f"error: invalid value for '--db': folder {missing} does not exist; " \
                                        "nothing was created"
    assert not (tmp_path / "nonexistent").exists()


# --- L6, L8: output errors and multi-line messages -----------------------------------------------------


@pytest.mark.parametrize("args", [("export", "json", "-o", "-"), ("bank", "list", "--json"), ("bank", "list")])
def test_a_full_stdout_is_one_line_not_a_traceback(tmp_path, args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([*cnnquiz_cmd(), *args], stdout=full, stderr=subprocess.PIPE, text=True,
                              env=fresh_env(tmp_path / "home"), timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: cannot write the output: No space left on device"


def test_a_long_error_message_is_cut_to_its_first_line(capsys):
    from cnnquiz.cli.common import error_line

    error_line("p.db is corrupt (*** in database main ***\nOn tree page 3 cell 0: ...\nOn tree page 3 cell 1")
    err = capsys.readouterr().err
    assert err == "error: p.db is corrupt (*** in database main *** …\n"


def test_error_lines_strip_control_sequences(capsys):
    from cnnquiz.cli.common import error_line

    error_line("unknown model 'x\x1b]52;c;ZWNobw==\x07\x1b[2J'")
    assert capsys.readouterr().err == "error: unknown model 'x]52;c;ZWNobw=='\n"


# --- item 2: completion per shell ----------------------------------------------------------------------


def test_show_completion_zsh_is_a_zsh_script(tmp_path):
    for args in (("--show-completion", "zsh"), ("--show-completion=zsh",)):
        out = run(tmp_path / "home", *args)
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("#compdef cnnquiz")
        assert "compdef _cnnquiz_completion cnnquiz" in out.stdout and "complete_zsh" in out.stdout
        assert "complete -o" not in out.stdout  # not the bash script


def test_show_completion_fish_and_bash(tmp_path):
    fish = run(tmp_path / "home", "--show-completion", "fish")
    assert fish.returncode == 0 and fish.stdout.startswith("complete --command cnnquiz")
    assert "complete_fish" in fish.stdout
    bash = run(tmp_path / "home", "--show-completion", "bash")
    assert bash.returncode == 0 and "complete -o" in bash.stdout and "complete_bash" in bash.stdout
    bad = run(tmp_path / "home", "--show-completion", "nosuchshell")
    assert bad.returncode == 2 and bad.stderr.startswith("error: no completion for shell 'nosuchshell'")


@pytest.mark.parametrize("shell, check", [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]),
                                          ("fish", ["fish", "--no-execute"])])
def test_each_shell_parses_its_script(tmp_path, shell, check):
    if shutil.which(check[0]) is None:
        pytest.skip(f"{shell} is not installed (the markers are checked above)")
    script = tmp_path / f"c.{shell}"
    script.write_text(run(tmp_path / "home", "--show-completion", shell).stdout)
    proc = subprocess.run([*check, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_zsh_runs_the_script_and_completes_a_command(tmp_path):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    script = tmp_path / "c.zsh"
    script.write_text(run(tmp_path / "home", "--show-completion", "zsh").stdout)
    # compdef needs compinit; then call the completion function the script defines, with words set by hand
    exe = os.path.dirname(cnnquiz_cmd()[0])
    prog = (f"autoload -Uz compinit; compinit -u -D; source {script}; "
            "_arguments() { print -l -- \"$@\"; }; "
            "words=(cnnquiz ba); CURRENT=2; _cnnquiz_completion")
    env = fresh_env(tmp_path / "home", PATH=f"{exe}:{os.environ['PATH']}")
    proc = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True, text=True, env=env, timeout=60)
    assert "bank" in proc.stdout, proc.stdout + proc.stderr
