"""Text that did not come from cnnquiz (bank files, answers, names): control sequences stripped, markup inert."""

from __future__ import annotations

import re

from rich.text import Text

# ESC-introduced sequences first (CSI ... final byte, OSC/DCS/APC/PM ... BEL or ST, two-byte escapes),
# then every remaining C0 (except tab and newline), DEL and C1 control character.
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clear
    r"|[\x1b\x9d\x90\x9e\x9f\x98]\]?[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC 0/52, DCS, APC, PM up to BEL/ST
    r"|\x1b[@-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """The text without terminal control sequences or control characters (\\n and \\t kept; \\r\\n -> \\n)."""
    s = str(text).replace("\r\n", "\n")
    if not _CONTROL.search(s):
        return s
    return _CONTROL.sub("", _SEQUENCE.sub("", s))


def plain(text: object, style: str = "") -> Text:
    """A Rich Text of foreign text: no markup is parsed, no control sequence reaches the terminal."""
    return Text(clean(text), style=style)


def escape(text: object) -> str:
    """Foreign text for a place that takes markup (an f-string handed to console.print)."""
    from rich.markup import escape as rich_escape

    return rich_escape(clean(text))
