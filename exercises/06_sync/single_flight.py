"""Request coalescing: one call for many callers.

A hundred users open the same page at the same moment, and each request asks the database for the
same row. Why ask a hundred times? A *single flight* lets the first caller start the work, and
everyone who asks for the same key while it is still running simply waits for that same result.

In asyncio the shared work is a task. Any number of coroutines can await one task, and each of them
gets its result, or its exception. So: start make() once as a task, keep the task in a dict under
its key while it runs, and let every caller of that key await it. When it finishes, take it out of
the dict, so that the next caller starts a fresh call: this is not a cache.

One trap: cancellation. A coroutine that awaits a task and is cancelled cancels that task too, for
everyone. `await asyncio.shield(task)` protects the task: the cancelled caller stops waiting, and
the task runs on for the others.

    flight = SingleFlight()
    a, b = await asyncio.gather(flight.do("user:42", load_user), flight.do("user:42", load_user))
    # load_user() ran once; a and b are the same result

Your task: write `SingleFlight.do(key, make)`, where `make()` returns a coroutine that does the work.

- Callers of the same key while its call is in flight share that one call of make(); callers of
  another key have their own.
- Once the call has finished, the next caller of that key runs make() again.
- If make() raises, every waiter gets the exception.
- A waiter that is cancelled stops waiting, but the shared call goes on for the others.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: write SingleFlight (see above): do() starts make() once per key in flight, and every
# caller of that key waits for the same call.
class SingleFlight:
    def __init__(self) -> None:
        pass

    async def do(self, key: str, make: Callable[[], Awaitable[T]]) -> T:
        raise NotImplementedError("do")
