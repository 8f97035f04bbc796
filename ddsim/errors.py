"""The user-facing error that every layer raises for a user's mistake.

A bad scenario file, an unknown parameter, a results folder that is a file, a
student's broken strategy file: each is an :class:`InputError` (or one of its
subclasses), whose ``str()`` is one line naming the file, the field and what is
allowed. Only the command line turns it into that line and exit code 2; from
Python or a notebook it is an ordinary exception to catch.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(Exception):
    """A user's mistake: bad input, not a failure of ours (exit 2 at the CLI)."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"did you mean 'rivals'? "`` when ``name`` is close to one of ``known``
    (a typing slip), else ``""``: every "did you mean" in ddsim comes from here."""
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f"did you mean {close[0]!r}? " if close else ""


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is, or was raised because of, a Ctrl-C. A Ctrl-C that
    lands while compiled code calls back into Python can come out as another
    error with the KeyboardInterrupt as its cause (CPython's ``SystemError:
    ... returned a result with an exception set``); it is still the user's
    interruption, not a failure of ours."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


__all__ = ["InputError", "caused_by_interrupt", "did_you_mean"]
