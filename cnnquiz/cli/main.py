"""The root `cnnquiz` Typer app: global options, command registration, and error-to-exit-code mapping."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer import _click as click  # typer 0.29 vendors click: its exceptions are typer._click's
from typer._click import exceptions as cx
from typer.core import TyperGroup

from cnnquiz import __version__
from cnnquiz.cli import coerce, helpfmt, lazy
from cnnquiz.cli.common import State, error_line
from cnnquiz.errors import CnnquizError, UsageError

COMPLETION_OPTIONS = ("--show-completion", "--install-completion")
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_CNNQUIZ_COMPLETE"
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def usage_message(exc: cx.UsageError) -> str:
    """Click's usage error as one lower-case line: `no such option --latncy (did you mean --latency?)`."""
    if isinstance(exc, cx.NoSuchOption):
        hint = f" (did you mean {', '.join(sorted(exc.possibilities))}?)" if exc.possibilities else ""
        return f"no such option {exc.option_name}{hint}"
    text = " ".join(exc.format_message().split()).replace(": Value error, ", ": ")
    text = text[:1].lower() + text[1:]
    return text.removesuffix(".")


def _check_db(ctx: click.Context, param: click.Parameter, value):
    """--db PATH: its folder must exist (a typo must not create a new, empty database somewhere)."""
    if value is not None:
        folder = Path(value).expanduser().parent
        if not folder.is_dir():
            raise cx.BadParameter(f"folder {folder} does not exist; nothing was created", ctx, param)
    return value


def _guard_db_options(command: click.Command) -> None:
    for param in command.params:
        if param.name == "db" and getattr(param, "_cnnquiz_guarded", False) is False:
            original = param.callback

            def callback(ctx, p, value, _original=original):
                value = _check_db(ctx, p, value)
                return _original(ctx, p, value) if _original else value

            param.callback = callback
            param._cnnquiz_guarded = True  # type: ignore[attr-defined]


def _completion_request(args: list[str]) -> tuple[str, str | None] | None:
    """(option, shell or None) when the root options ask for a completion script, else None."""
    i = 0
    while i < len(args):
        arg = args[i]
        name, _, inline = arg.partition("=")
        if name in COMPLETION_OPTIONS:
            if inline:
                return name, inline
            nxt = args[i + 1] if i + 1 < len(args) else None
            return name, nxt if nxt is not None and not nxt.startswith("-") else None
        if arg == "--bank":
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            return None
    return None


def _detect_shell() -> str:
    try:
        import shellingham

        return shellingham.detect_shell()[0]
    except Exception:  # noqa: BLE001 - no detectable parent shell: fall back to $SHELL
        return Path(os.environ.get("SHELL", "bash")).name


def completion(option: str, shell: str | None) -> None:
    """Print (or install) the completion script of the named shell, or the detected one."""
    from typer._completion_shared import get_completion_script, install

    shell = (shell or _detect_shell()).lower()
    if shell not in SHELLS:
        raise UsageError(f"no completion for shell '{shell}'; choose {', '.join(SHELLS[:4])}")
    if option == "--show-completion":
        click.echo(get_completion_script(prog_name="cnnquiz", complete_var=COMPLETE_VAR, shell=shell))
        return
    name, path = install(shell=shell, prog_name="cnnquiz", complete_var=COMPLETE_VAR)
    click.echo(f"{name} completion installed in {path}; restart the shell to use it")


def _quiet_stdout() -> None:
    """After a failed write to stdout, point it at /dev/null so the final flush cannot fail again."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


class CnnquizGroup(TyperGroup):
    """Runs commands and turns a CnnquizError or a usage error into one line on stderr and its exit code.

    Its sub-commands are cli.lazy's: a command's module is imported and built when that command is used.
    """

    def __init__(self, **attrs) -> None:
        super().__init__(**attrs)
        commands = lazy.LazyCommands(lambda module: lazy.build(module, app))
        commands.update(self.commands)
        self.commands = commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's would build every command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        request = _completion_request(args)
        if request:
            try:
                completion(*request)
            except CnnquizError as exc:
                error_line(str(exc))
                ctx.exit(exc.exit_code)
            ctx.exit(0)
        try:
            return super().parse_args(ctx, args)
        except cx.NoArgsIsHelpError:
            raise
        except cx.UsageError as exc:
            error_line(usage_message(exc))
            ctx.exit(2)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _guard_db_options(command)
        return name, command, rest

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except cx.NoArgsIsHelpError:
            raise
        except cx.UsageError as exc:
            error_line(usage_message(exc))
            raise typer.Exit(2) from None
        except CnnquizError as exc:
            error_line(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `| head`: the reader left; nothing to report
                _quiet_stdout()
                raise typer.Exit(1) from None
            if exc.errno in OUTPUT_ERRNOS:
                _quiet_stdout()
                error_line(f"cannot write the output: {exc.strerror or exc}")
                raise typer.Exit(1) from None
            raise


# add_completion=False drops Typer's --show-completion flag (it ignores a shell name and prints the detected
# shell's script); ours takes the shell. The completion classes must still be registered for TAB presses.
from typer._completion_classes import completion_init  # noqa: E402

completion_init()

helpfmt.install()
coerce.install()  # typer's parameter coercion without pydantic for plain values (~115 ms at start-up)

app = typer.Typer(
    name="cnnquiz",
    cls=CnnquizGroup,
    help="Interview prep for CNN architectures: a graded quiz with spaced repetition, and a calculator "
    "that measures real torch models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnnquiz {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    bank_dirs: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--bank", metavar="DIR", help="Add a folder of your own YAML questions (repeatable; also $CNNQUIZ_BANK).",
        ),
    ] = None,
    only: Annotated[bool, typer.Option("--only", help="Use only the --bank folders, not the built-in bank.")] = False,
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
    show_completion: Annotated[
        Optional[str],
        typer.Option(
            "--show-completion", metavar="[SHELL]", expose_value=False,
            help="Print the completion script for bash, zsh or fish (default: the current shell).",
        ),
    ] = None,
    install_completion: Annotated[
        Optional[str],
        typer.Option(
            "--install-completion", metavar="[SHELL]", expose_value=False,
            help="Install completion for bash, zsh or fish (default: the current shell).",
        ),
    ] = None,
) -> None:
    """cnnquiz: practise CNN-architecture interview questions and check the numbers on real models."""
    ctx.obj = State(bank_dirs=list(bank_dirs or []), only=only)



def main() -> None:
    """Console-script entry point."""
    app()
