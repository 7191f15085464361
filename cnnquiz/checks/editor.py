"""Write a code answer in $VISUAL/$EDITOR from a template, the way `git commit` does."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from cnnquiz.bank.checkspec import LABELS
from cnnquiz.bank.schema import Question
from cnnquiz.errors import CnnquizError

MARK = "#: "  # template lines; removed from what is graded
IMPORTS = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"


def template(q: Question) -> str:
    """A header naming the question, what to define and what is checked, then the usual imports."""
    check = q.check
    assert check is not None
    args = ", ".join(str(a) for a in check.cases[0].args)
    lines = [f"cnnquiz · {q.id}: {q.question}",
             f"Define {' or '.join(check.define[:2])}; it is tried as {check.define[0]}({args}) "
             f"on an input of shape {tuple(check.cases[0].input)}.",
             "Checked: " + ", ".join(LABELS.get(p, p) for p in check.properties) + ".",
             "Explain in # comments if you like. Save and quit to grade; an empty file cancels.",
             "Lines starting with '#: ' are removed."]
    return "".join(MARK + line + "\n" for line in lines) + IMPORTS


def strip_template(text: str) -> str:
    """What the user wrote: the file without the template's header lines; "" if only the imports remain."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith(MARK.rstrip()))
    return "" if body.strip() == IMPORTS.strip() else body.strip("\n") + "\n"


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi (split like a shell would: `code --wait` works)."""
    cmd = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return shlex.split(cmd)
    except ValueError:
        raise CnnquizError(f"cannot read the editor command {cmd!r}; set EDITOR to e.g. nano") from None


def edit_code(q: Question, previous: str = "") -> str:
    """Open the editor on the template (or the previous attempt); the code written, "" when cancelled."""
    with tempfile.TemporaryDirectory(prefix="cnnquiz-edit-") as tmp:
        path = Path(tmp) / f"{q.id}.py"
        path.write_text(previous or template(q), encoding="utf-8")
        cmd = editor_command()
        try:
            done = subprocess.run([*cmd, str(path)], check=False)
        except OSError as exc:
            raise CnnquizError(f"cannot start the editor {cmd[0]!r} ({exc.strerror}); set EDITOR, "
                               "or type the code at the prompt") from None
        if done.returncode != 0:
            raise CnnquizError(f"the editor {cmd[0]!r} exited with code {done.returncode}; nothing was graded")
        return strip_template(path.read_text(encoding="utf-8", errors="replace"))
