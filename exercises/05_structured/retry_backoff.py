"""Try again, a little later each time.

Networks fail now and then: a request times out, a server is busy for a moment. Trying again often
works, but not straight away and not at a steady pace: if a server is overloaded, a crowd of clients
retrying every 0.1 s keeps it overloaded. *Exponential backoff* waits twice as long after each
failure: 0.1 s, then 0.2 s, then 0.4 s, ... which gives the other side room to recover.

The waiting is `await asyncio.sleep(...)`, so other tasks run meanwhile. (`time.sleep` would
freeze the whole program.)

One exception must never be retried: `asyncio.CancelledError`. It means someone cancelled *this*
task (a timeout, a shutdown), not that the operation failed. It is a `BaseException`, not an
`Exception`, precisely so that `except Exception:` lets it through. Catch `Exception` only.

With attempts=4 and base_delay=0.1, if the first three calls fail:

    call 1 at 0.0 s -> fails, wait 0.1 s
    call 2 at 0.1 s -> fails, wait 0.2 s
    call 3 at 0.3 s -> fails, wait 0.4 s
    call 4 at 0.7 s -> succeeds: its result is returned

Your task: write `retry(make, attempts=3, base_delay=0.1)`. `make` is a function with no arguments
that returns a coroutine; call it again for every attempt (a coroutine can be awaited only once).
Call it up to `attempts` times and return the first result that succeeds. After failure number k
(k = 1, 2, ...) wait `base_delay * 2 ** (k - 1)` seconds before the next call. If the last attempt
fails too, raise its exception as it is, without waiting any more.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: call make() up to `attempts` times, waiting base_delay, 2 * base_delay, ... between tries.
async def retry(make: Callable[[], Awaitable[T]], attempts: int = 3, base_delay: float = 0.1) -> T:
    raise NotImplementedError("retry")
