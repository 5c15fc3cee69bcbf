"""From ordinary code into async code.

Coroutines need an *event loop* to run them: the loop starts a coroutine, parks it while it waits
(at each `await asyncio.sleep(...)`, say) and resumes it when its wait is over. A plain `def`
function cannot `await`, so to get a coroutine's result from ordinary code it has to:

1. make a new event loop,
2. run the coroutine on it until the coroutine completes,
3. close the loop (a closed loop gives back what it held), and return the result.

`asyncio.run(coro)` does exactly these three steps; the older way spells them out with
`asyncio.new_event_loop()`, `loop.run_until_complete(coro)` and `loop.close()`. This is how every
asyncio program starts: one plain call at the top that runs the first coroutine.

One thread runs at most one event loop at a time. Code that is already inside a running loop (an
`async def`) must `await` instead; starting a second loop there raises RuntimeError.

Your task: write the plain function `run_sync(coro_fn, *args, **kwargs)`. It runs
`coro_fn(*args, **kwargs)` on a fresh event loop and returns the result; each call gets its own new
loop, closed before run_sync returns. If the coroutine raises, the same exception comes out of
run_sync, and the loop is closed all the same (spelled out by hand, that takes a `finally:`).
Called while an event loop is already running in this thread, it raises RuntimeError.

    async def add(a, b):
        await asyncio.sleep(0.1)
        return a + b

    run_sync(add, 1, 2)   # 3
"""
import asyncio


# TODO: run coro_fn(*args, **kwargs) on a new event loop, close the loop, and return the result.
def run_sync(coro_fn, /, *args, **kwargs):
    raise NotImplementedError("run_sync")
