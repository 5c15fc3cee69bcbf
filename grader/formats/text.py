"""Plain-text building blocks every output shares: the progress bar, and learner text made harmless.

Learner code prints what it likes, and a diagnosis may quote it. Wherever such text is shown it
must stay text: never a GitHub Actions workflow command in a log, never Markdown or HTML in a
summary or a Release, never a formula in a spreadsheet.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

CELL_CHARS = 160


def bar(done: int, total: int, width: int = 20) -> str:
    """█████░░░░░: `done` of `total`, `width` characters wide."""
    filled = round(width * done / total) if total else width
    return "█" * filled + "░" * (width - filled)


_COMMAND_LINE = re.compile(r"^(\s*)(::)", re.MULTILINE)


def defuse(text: str) -> str:
    """Text that cannot act as a GitHub Actions workflow command wherever it is printed."""
    text = _COMMAND_LINE.sub("\\1:\u200b:", text)
    return text.replace("##[", "#\u200b#[")


def markdown_cell(text: str, limit: int = CELL_CHARS) -> str:
    """One line of learner-influenced text, safe inside a Markdown table cell (and as inline text).

    Nothing in it can become Markdown, HTML or a link, and an `@name` never notifies anyone on GitHub.
    """
    line = " ".join(plain_text(text).split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space keeps GitHub from turning @names into mentions and URLs into links.
    line = re.sub(r"(@|://|(?i:www)\.)", lambda m: m[0][0] + "\u200b" + m[0][1:], line)
    return re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", line)


# Control characters (terminal escapes, NUL, ...) and the bidirectional overrides that can make text
# read differently from what it is; tabs and newlines stay.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str) -> str:
    """Learner-influenced text with no control characters or direction overrides: what it says is what shows."""
    return _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clipped(text: str, limit: int, more: str = "") -> str:
    """`text` cut to at most `limit` characters, saying so (and where the rest is) when it was cut."""
    if len(text) <= limit:
        return text
    note = f"\n… ({len(text) - limit} more characters{'; ' + more if more else ''})"
    return text[: max(0, limit - len(note))].rstrip() + note


def fence(text: str) -> str:
    """A fenced Markdown code block that no backticks inside `text` can close, free of control characters."""
    text = plain_text(text)
    ticks = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a name like "=HYPERLINK(...)")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@contextmanager
def commands_stopped(stream: IO[str]) -> Iterator[None]:
    """Everything printed to `stream` inside is shown in a workflow log but never run as a command."""
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", file=stream, flush=True)
    try:
        yield
    finally:
        stream.flush()
        print(f"::{token}::", file=stream, flush=True)
