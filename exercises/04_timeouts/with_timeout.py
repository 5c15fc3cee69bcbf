"""Giving up in time.

A server that never answers should not hang your program. Give the operation a deadline, and when
it passes, stop waiting and carry on with a fallback value.

asyncio has two tools for a deadline:

    result = await asyncio.wait_for(fetch(), timeout=2.0)

    async with asyncio.timeout(2.0):
        result = await fetch()

When the time is up, both *cancel* the operation: asyncio throws `asyncio.CancelledError` into it
at the `await` where it is waiting. Its `finally:` blocks run, it finishes unwinding, and only then
do you get a `TimeoutError` instead of a result. Nothing is left running in the background.
(`asyncio.TimeoutError` is the same class as `TimeoutError` since Python 3.11.)

CancelledError is how asyncio stops a coroutine, so it must get through: it derives from
BaseException, not Exception, so that `except Exception:` lets it pass. Catch only what you
mean to handle. A bare `except:` or `except BaseException:` would also catch the cancellation of
*your own caller*, who wants you to stop now.

Your task: write `fetch_or_default(make, timeout, default)`. `make` is a *maker*: a function
without arguments that returns a new coroutine each time it is called (call it once). Await that
coroutine for at most `timeout` seconds, and:

- if its result arrives in time, return it, at once;
- if not, return `default` at the deadline, once the cancelled operation has finished unwinding;
- if the operation raises an exception of its own (ValueError, OSError, ...), let it propagate;
- if your caller cancels you, let that cancellation propagate too.

    page = await fetch_or_default(lambda: download(url), 2.0, "offline")
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: await make() for at most `timeout` seconds; on a timeout, and only then, return default.
async def fetch_or_default(make: Callable[[], Awaitable[T]], timeout: float, default: T) -> T:
    raise NotImplementedError("fetch_or_default")
