"""An async context manager that always cleans up.

`async with` is `with` for resources whose opening or closing must await: a database session, a
network connection, a lock. `async with thing as x:` awaits `thing.__aenter__()` before the block
and `thing.__aexit__(exc_type, exc, tb)` after it, whatever way the block ends: normally, with an
exception, or cancelled (a cancelled task gets `asyncio.CancelledError` raised at its await).

The easy way to write one is `contextlib.asynccontextmanager` on an async generator with a single
`yield`: the code before the yield is the enter, the code after it is the exit, and the block's
exception is raised at the yield.

    @asynccontextmanager
    async def opened(path):
        f = await open_somehow(path)
        try:
            yield f           # the body of `async with` runs here
        finally:
            await f.close()   # runs on success, on error and on cancellation

Two things to get right. The exit must also run when the block fails: `try`/`finally` around the
yield. And the exit must never swallow the block's exception: do not catch it without raising it
again (`CancelledError` included, which is no `Exception`), and in a class, let `__aexit__` return
None or False, since a true value tells Python the exception is handled.

Your task: `session(name, log)` returns an async context manager. On enter it awaits the given
`connect(name)`, then appends "open <name>" to log; on exit it appends "close <name>", also when the
block raises or is cancelled; an exception from the block always comes through.

    async with session("db", log):
        ...                   # log is ["open db"] here
    # log is ["open db", "close db"]

A class with `__aenter__` and `__aexit__` works as well as @asynccontextmanager.
"""
import asyncio
from contextlib import asynccontextmanager  # noqa: F401 (yours to use, if you like)


async def connect(name: str) -> None:
    await asyncio.sleep(0.1)


# TODO: on enter await connect(name), then log "open <name>"; on exit log "close <name>", always.
def session(name: str, log: list[str]):
    raise NotImplementedError("session")
