"""Assertions shared by the command-line tests."""

from __future__ import annotations


def assert_one_line_error(result, *fragments: str) -> None:
    """A failed command: non-zero exit, exactly one line on stderr (ending in a newline) naming each
    fragment, no traceback and no "internal error"."""
    assert result.code != 0, (result.out, result.err)
    assert result.err.count("\n") == 1 and result.err.endswith("\n"), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)
