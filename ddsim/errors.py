"""The user-facing error that every layer raises for a user's mistake.

A bad scenario file, an unknown parameter, a results folder that is a file, a
student's broken strategy file: each is an :class:`InputError` (or one of its
subclasses), whose ``str()`` is one line naming the file, the field and what is
allowed. Only the command line turns it into that line and exit code 2; from
Python or a notebook it is an ordinary exception to catch.
"""

from __future__ import annotations


class InputError(Exception):
    """A user's mistake: bad input, not a failure of ours (exit 2 at the CLI)."""


__all__ = ["InputError"]
