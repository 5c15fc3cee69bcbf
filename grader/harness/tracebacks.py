"""Where an exception came from, read from its traceback: frames, code objects and the objects involved.

Diagnoses must hold on every supported Python (3.11 to 3.14), and interpreters reword their error
messages from one release to the next (3.14 says "'Maker' object can't be awaited" where 3.11 said
"object Maker can't be used in 'await' expression"). So a suite never recognises a situation by an
exception's text: it asks these helpers which code raised it and what that code was holding.
"""
from __future__ import annotations

import dis
from collections.abc import Callable, Iterator
from types import FrameType, TracebackType
from typing import Any


def _entries(error: BaseException) -> Iterator[TracebackType]:
    entry = error.__traceback__
    while entry is not None:
        yield entry
        entry = entry.tb_next


def raising_frame(error: BaseException) -> FrameType | None:
    """The innermost Python frame of the traceback: where the exception was raised (or, for an error
    raised by C code such as a builtin, the Python frame that called it)."""
    entries = list(_entries(error))
    return entries[-1].tb_frame if entries else None


def awaited_a_non_awaitable(error: BaseException) -> bool:
    """A TypeError raised by an `await` expression itself: the failing instruction is the one that
    turns the awaited object into an awaitable (GET_AWAITABLE on 3.11 to 3.14), so the object was
    neither a coroutine, a task, a future nor anything else with __await__."""
    if not isinstance(error, TypeError):
        return False
    entries = list(_entries(error))
    if not entries:
        return False
    innermost = entries[-1]
    instruction = next((i for i in dis.get_instructions(innermost.tb_frame.f_code) if i.offset == innermost.tb_lasti),
                       None)
    return instruction is not None and instruction.opname == "GET_AWAITABLE"


def raised_in(error: BaseException, function: Callable[..., Any]) -> bool:
    """The exception was raised by `function`'s own code (it is the innermost frame)."""
    frame = raising_frame(error)
    return frame is not None and frame.f_code is getattr(function, "__code__", None)


def raised_through(error: BaseException, module: str) -> bool:
    """Some frame of the traceback runs code of `module` (a module name, e.g. "pytest_timeout")."""
    return any(entry.tb_frame.f_globals.get("__name__") == module for entry in _entries(error))


def raised_holding(error: BaseException, value: Any) -> bool:
    """The frame that raised holds `value` itself (not an equal one) in one of its local variables:
    e.g. the object that asyncio was asked to await, or to wrap in a task, when it refused it."""
    frame = raising_frame(error)
    return frame is not None and any(local is value for local in frame.f_locals.values())
