"""Assertions shared by the command-line tests."""

from __future__ import annotations


def assert_one_line_error(result, *fragments: str) -> None:
    """A failed command: non-zero exit, exactly one line on stderr, no traceback, each fragment in it."""
    assert result.code != 0
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
