"""Errors meant for the user: the command line prints them as one line and exits non-zero."""

from __future__ import annotations

__all__ = ["DrugKGError", "InputError", "ValidationFailed"]


class DrugKGError(Exception):
    """A failure the user can act on; its message is one line, shown without a traceback."""

    exit_code = 2


class InputError(DrugKGError):
    """Bad input: a file that does not parse, an unknown name, a malformed option."""


class ValidationFailed(DrugKGError):
    """The graph does not conform to the SHACL shapes or breaks a negative statement."""

    exit_code = 1
