"""The results protocol between a child process checking one exercise and the grader that started it.

The child writes one JSON record per event, flushed at once, so that when learner code kills the
process (os._exit, a crash) the grader still knows which tests ran, which one was running, and that
the run never reached its end:

    {"event": "collected", "ids": [...]}                       the test ids, before any test runs
    {"event": "collect_error", "message": "..."}              a suite that could not be loaded
    {"event": "test", "id": "...", "status": "pass", ...}     each finished test: also "message",
                                                              "duration", "output", and for a failure
                                                              a suite explained with a timeline,
                                                              "figure" (grader.figure.Figure.to_record)
    {"event": "finished", "exitstatus": 0}                    the run reached its end

Graded runs wrap every record in an HMAC signature with a sequence number (`sign`, `read_signed`):
the key reaches the child through a pipe before any learner code runs, so lines that learner code
writes into the results file are worthless.

Both sides import this module: it needs nothing but the standard library.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

Record = dict[str, Any]


class Event(StrEnum):
    COLLECTED = "collected"
    COLLECT_ERROR = "collect_error"
    TEST = "test"
    FINISHED = "finished"


def encode(event: Event, **fields: object) -> str:
    return json.dumps({"event": event.value, **fields}) + "\n"


def sign(key: bytes, seq: int, event: Event, **fields: object) -> str:
    """One line of a graded child's results: the event, its place in the sequence, and an HMAC."""
    body = json.dumps({"seq": seq, "event": event.value, **fields}, sort_keys=True)
    mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    return json.dumps({"body": body, "mac": mac}) + "\n"


def read_plain(path: Path) -> list[Record]:
    """The records of a plain (unsigned) results file; a torn last line ends the list."""
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            break  # the process died while writing it
        if isinstance(record, dict):
            records.append(record)
    return records


def read_signed(data: bytes, key: bytes) -> list[Record]:
    """The records of a graded child: validly signed lines, in sequence; everything else is ignored."""
    records: list[Record] = []
    for line in data.splitlines():
        try:
            wrapper = json.loads(line)
            body, mac = wrapper["body"], wrapper["mac"]
            if not (isinstance(body, str) and isinstance(mac, str)):
                continue
            if not hmac.compare_digest(hmac.new(key, body.encode(), hashlib.sha256).hexdigest(), mac):
                continue
            record = json.loads(body)
        except (ValueError, TypeError, KeyError):
            continue
        if isinstance(record, dict) and record.get("seq") == len(records) + 1:
            records.append(record)
    return records


def of_kind(records: list[Record], event: Event) -> list[Record]:
    return [r for r in records if r.get("event") == event.value]


def first(records: list[Record], event: Event) -> Record | None:
    return next(iter(of_kind(records, event)), None)
