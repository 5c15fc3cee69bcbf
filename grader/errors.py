"""The kata's errors: one tree, so that the command line reports every one of them the same way.

Each error's message is written for the person who typed the command: it says what went wrong and
what to do instead. The command line prints it and exits with `exit_code`.
"""
from __future__ import annotations


class KataError(Exception):
    """Something the person running `kata` must fix; the message says what and how."""

    exit_code = 2


class UsageError(KataError):
    """A mistake in how kata was called."""


class CatalogError(KataError):
    """The catalog is missing or malformed, or a name is not in it."""


class ShippedError(KataError):
    """The shipped version of an exercise file cannot be found."""


class TrustError(KataError):
    """A graded run cannot be made trustworthy."""


class ExportError(KataError):
    """An export cannot be made as asked."""


class GradingError(KataError):
    """`kata grade` was called wrongly, or its inputs cannot be used."""


class ReportError(KataError):
    """A class report cannot be written from what it was given."""
