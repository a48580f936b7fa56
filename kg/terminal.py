"""Text from the data made safe to print: one line, no terminal control.

A label, definition or literal may hold line breaks, carriage returns or escape sequences; printed
as is, it could forge output lines (a fake warning, a second error line) or drive the terminal.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

#: C0 and C1 controls, line and paragraph separators, and the bidirectional-text controls (U+061C,
#: U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), which would reorder what the terminal shows.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every control character written as an escape, so it prints as one plain line.

    >>> printable("two\\nlines \\x1b[31mred")
    'two\\\\nlines \\\\x1b[31mred'
    >>> printable("exe.\\u202etxt")
    'exe.\\\\u202etxt'
    """
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
