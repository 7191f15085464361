"""The user's own models, named FILE:NAME (an nn.Module subclass or a function returning one), imported from their file.

The file is the user's own code on their own machine, so it is imported with importlib from its path
(as torchinfo or fvcore would be given the module): no sandbox. Constructor arguments come from
`--arg KEY=VALUE`, read by a small literal parser (int, float, bool, None, else a string), never
evaluated. Every failure in the user's code becomes one UsageError naming `file:line` (the innermost
traceback frame inside that file) and what to fix.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cnnquiz.errors import CnnquizError, UsageError, close_matches

if TYPE_CHECKING:
    from torch import nn

DEFAULT_RESOLUTION = 224
FAMILY = "user"
REF = re.compile(r"^(?P<file>.+):(?P<name>[^:/\\]*)$")
KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
INT = re.compile(r"^[+-]?\d+(_\d+)*$")
FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
ARG_FIX = "give --arg KEY=VALUE, e.g. --arg width=64"


def is_user_model(name: str) -> bool:
    """Whether a model name is FILE:NAME (registry names never hold a colon)."""
    return ":" in name


def literal(text: str) -> Any:
    """An --arg value: int, float, true/false, none, a quoted string, else the text itself (nothing evaluated)."""
    t = text.strip()
    if INT.match(t):
        try:
            return int(t)
        except ValueError:  # more digits than Python converts
            raise UsageError(f"--arg value {t[:20]}… has too many digits") from None
    if FLOAT.match(t):
        return float(t)
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    if t.lower() in ("none", "null"):
        return None
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        return t[1:-1]
    return t


def parse_args(items: Sequence[str] | None) -> dict[str, Any]:
    """`--arg KEY=VALUE` options as constructor keyword arguments."""
    out: dict[str, Any] = {}
    for item in items or ():
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or not key:
            raise UsageError(f"--arg '{item}' is not KEY=VALUE; {ARG_FIX}")
        if not KEY.match(key):
            raise UsageError(f"--arg '{item}': '{key}' is not a Python argument name; {ARG_FIX}")
        if key in out:
            raise UsageError(f"--arg {key} is given twice; give each argument once")
        out[key] = literal(value)
    return out


def _first_line(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.msg:
        return f"{type(exc).__name__}: {exc.msg}"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


@dataclass(frozen=True)
class UserModel:
    """A FILE:NAME reference with its constructor arguments; `build` imports the file and makes the module."""

    shown: str  # the file as typed
    path: Path  # absolute
    name: str
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def label(self) -> str:
        """How tables name it: net.py:MyNet, with its arguments (net.py:MyNet(width=64))."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs)
        return f"{self.path.name}:{self.name}" + (f"({args})" if args else "")

    def line_of(self, exc: BaseException) -> int | None:
        """The line of the innermost traceback frame inside the user's file (its causes searched too)."""
        seen: set[int] = set()
        file = str(self.path)
        cur: BaseException | None = exc
        while cur is not None and id(cur) not in seen:
            seen.add(id(cur))
            if isinstance(cur, SyntaxError) and cur.filename == file and cur.lineno:
                return cur.lineno
            lines = [n for f, n in traceback.walk_tb(cur.__traceback__) if f.f_code.co_filename == file]
            if lines:
                return lines[-1]
            cur = cur.__cause__ or cur.__context__
        return None

    def where(self, line: int | None) -> str:
        return f"{self.shown}:{line}" if line else self.shown

    def error(self, exc: BaseException, doing: str, fix: str, line: int | None = None) -> UsageError:
        """One line: `file:line: <doing> raised <Error: message>; <fix>`."""
        return UsageError(f"{self.where(self.line_of(exc) or line)}: {doing} raised {_first_line(exc)}; {fix}")

    @contextmanager
    def blaming(self, doing: str, fix: str, line: int | None = None) -> Iterator[None]:
        """Turn any exception from the user's code in the block into a one-line UsageError."""
        try:
            yield
        except (CnnquizError, KeyboardInterrupt):
            raise
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - the user's code may raise anything
            raise self.error(exc, doing, fix, line) from None

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """What the user's code prints goes to stderr, so that `--json` on stdout stays JSON."""
        with redirect_stdout(sys.stderr):
            yield

    def load(self) -> ModuleType:
        """Import the user's file afresh (its folder first on sys.path, for its own imports)."""
        if not self.path.is_file():
            what = "is a folder, not a file" if self.path.is_dir() else "no such file"
            raise UsageError(f"{self.shown}: {what}; FILE:NAME needs the path of a Python file, e.g. ./net.py:MyNet")
        digest = hashlib.blake2b(str(self.path).encode(), digest_size=6).hexdigest()
        spec = importlib.util.spec_from_file_location(f"cnnquiz_user_{digest}", self.path)
        if spec is None or spec.loader is None:
            raise UsageError(f"{self.shown}: not a Python file Python can import; name a .py file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses and typing look their module up there
        sys.path.insert(0, str(self.path.parent))
        try:
            with self.blaming(f"importing {self.path.name}", "fix the file (it must import without errors)"), \
                    self.quiet():
                spec.loader.exec_module(module)
        finally:
            if str(self.path.parent) in sys.path:
                sys.path.remove(str(self.path.parent))
        return module

    def target(self, module: ModuleType) -> Any:
        """The object NAME in the user's module (a missing one lists the models the file defines)."""
        if not self.name:
            raise UsageError(f"{self.shown}: no name after the colon; give FILE:NAME, e.g. {self.shown}:MyNet")
        if not hasattr(module, self.name):
            found = candidates(module)
            near = [f for f in found if f.lower() == self.name.lower()] or close_matches(self.name, found)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            listed = f"it defines {', '.join(found)}" if found else "it defines no nn.Module class or function"
            raise UsageError(f"{self.shown} has no '{self.name}'; {hint}{listed}")
        return getattr(module, self.name)

    def build(self, device: str = "meta") -> nn.Module:
        """The user's model in eval mode: on the meta device when it can be built there, else on the CPU and
        moved to meta (device="cpu": kept on the CPU with its random weights)."""
        from torch import nn

        obj = self.target(self.load())
        line = definition_line(obj) or assignment_line(self.path, self.name)
        kwargs = dict(self.kwargs)
        if isinstance(obj, nn.Module):
            if kwargs:
                raise UsageError(f"{self.where(line)}: '{self.name}' is a module already built; "
                                 f"--arg needs a class or a function to call")
            return obj.eval() if device == "cpu" else obj.to("meta").eval()
        if not callable(obj):
            raise UsageError(f"{self.where(line)}: '{self.name}' is {_a(type(obj).__name__)}, not an nn.Module "
                             f"subclass or a function returning one; name the class or the factory")
        self._check_arguments(obj, kwargs, line)
        with self.quiet():
            model = self._construct(obj, device, kwargs, line)
        if not isinstance(model, nn.Module):
            raise UsageError(f"{self.where(line)}: {self.name}({_args(kwargs)}) returned {_a(type(model).__name__)}, "
                             f"not an nn.Module; make it return the model")
        return model.eval()

    def _check_arguments(self, obj: Any, kwargs: dict[str, Any], line: int | None) -> None:
        try:
            sig = inspect.signature(obj)
        except (TypeError, ValueError):
            return
        try:
            sig.bind(**kwargs)
        except TypeError as exc:
            names = [p for p, v in sig.parameters.items() if v.kind not in (v.VAR_POSITIONAL, v.VAR_KEYWORD)]
            takes = f"it takes {', '.join(names)}" if names else "it takes no arguments"
            raise UsageError(f"{self.where(line)}: {self.name}({_args(kwargs)}): {exc}; {takes} "
                             f"(pass them with --arg KEY=VALUE)") from None

    def _construct(self, fn: Any, device: str, kwargs: dict[str, Any], line: int | None) -> Any:
        """fn(**kwargs) on the meta device (NotImplementedError: parameters moved to meta as they are made);
        code that computes while building cannot run there and is built on the CPU, then moved."""
        import torch

        from cnnquiz.models.meta import meta_parameters, no_init

        if device == "meta":
            for attempt in (torch.device("meta"), meta_parameters()):
                try:
                    with no_init(), attempt:
                        return fn(**kwargs)
                except (Exception, SystemExit):  # noqa: BLE001 - the CPU build below reports the real error
                    continue
        with self.blaming(f"{self.name}({_args(kwargs)})", "fix the constructor or the --arg values", line):
            model = fn(**kwargs)
        return model.to("meta") if device == "meta" and isinstance(model, torch.nn.Module) else model


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def assignment_line(path: Path, name: str) -> int | None:
    """The first line of the file that assigns NAME at the top level (`NAME = ...`), if any."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*(:[^=]*)?=")
    return next((i for i, text in enumerate(lines, 1) if pattern.match(text)), None)


def _args(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def definition_line(obj: Any) -> int | None:
    """The line where a class or function is defined (None when Python cannot tell)."""
    try:
        return inspect.getsourcelines(obj)[1]
    except (OSError, TypeError):
        return None


def candidates(module: ModuleType) -> list[str]:
    """The nn.Module subclasses and functions a user's file defines itself, in file order."""
    from torch import nn

    found = []
    for key, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__ or key.startswith("_"):
            continue
        if (isinstance(value, type) and issubclass(value, nn.Module)) or inspect.isfunction(value):
            found.append(key)
    return found


_MADE: dict[str, UserModel] = {}  # label -> the UserModel, so that what a table names can be built again


def user_model(name: str, args: dict[str, Any] | None = None) -> UserModel:
    """The UserModel a FILE:NAME (or the label of one made before) names, with constructor arguments
    (the file is read only when built)."""
    m = REF.match(name)
    if not m:
        raise UsageError(f"'{name}' is not FILE:NAME; name a Python file and a class or function in it, "
                         f"e.g. ./net.py:MyNet")
    shown = m["file"]
    path = Path(shown).expanduser()
    try:
        path = path.resolve()
    except (OSError, RuntimeError):
        raise UsageError(f"{shown}: the path cannot be resolved (a symlink loop?)") from None
    made = _MADE.get(name)  # a table's label, net.py:MyNet(width=64), names the model it was made for
    if not args and made is not None and (made.path == path or not path.is_file()):
        return made
    ref = UserModel(shown, path, m["name"], tuple((args or {}).items()))
    _MADE[ref.label] = ref
    return ref


def check_args_used(names: Sequence[str], args: dict[str, Any]) -> None:
    """--arg without any FILE:NAME model is a mistake (zoo models take no constructor arguments here)."""
    if args and not any(is_user_model(n) for n in names):
        raise UsageError("--arg passes constructor arguments to your own model (FILE:NAME); no such model is named")
