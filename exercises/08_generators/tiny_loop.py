"""The capstone: an event loop of your own.

asyncio's event loop is ordinary Python. Strip away sockets and real time and what is left is
small enough to write yourself: a clock, a queue of tasks ready to run, a queue of tasks waiting
for their wake-up time, and a loop that moves tasks between them.

How a coroutine talks to its loop. `coro.send(None)` runs an `async def` coroutine until it reaches
an await that *yields*, and hands you what was yielded. Every await that waits ends in such a yield:
`await Sleep(1.5)` (given below) yields the Sleep object itself, so the loop learns "this task wants
to sleep 1.5 s". Send again to resume it. When the coroutine returns, `send` raises StopIteration
carrying the return value (`stop.value`); when it fails, `send` raises its exception.

Your task: write `TinyLoop`, without asyncio (heapq, collections.deque and itertools are all you need):

- `time()`: the simulated clock, starting at 0.0. It never goes back.
- `create_task(coro)`: wraps the coroutine in a task and puts the task on the ready queue. The task
  is a small class of your own with `done()`, `result()` (the coroutine's return value, or raises its
  exception; raises if not done yet) and `__await__`, so that coroutines can `await task`: it gives
  the task's result, at once if the task is already done, or raises the task's exception.
- `run_until_complete(coro)`: makes coro a task, then loops until that task is done, and returns its
  result (or raises its exception). Each turn: if no task is ready, jump the clock to the earliest
  wake-up time and move the tasks due then to the ready queue; then take the next ready task and
  `send(None)` into its coroutine. A yielded Sleep puts the task in the waiting queue at
  `time() + delay` (a delay of 0 or less: due now, after the tasks already ready); a yielded task
  means "wake me when that task is done". A finished task wakes the tasks waiting for it.

The waiting queue is a heap (`heapq`) of `(wake_time, number, task)`: `number` comes from an
`itertools.count()`, so that tasks due at the same time wake in the order they went to sleep, and
two tasks are never compared. Tasks sleeping 1, 2 and 3 s finish at 1.0, 2.0 and 3.0 on your clock,
and no real time passes.

    loop = TinyLoop()

    async def main():
        await Sleep(1)
        return loop.time()

    loop.run_until_complete(main())   # 1.0, instantly

Now open asyncio's own loop (asyncio/base_events.py, tasks.py, futures.py): you will recognise it.

- `loop.call_soon(callback)` appends to `loop._ready`, a deque: your ready queue.
- `loop.call_at(when, callback)` pushes a timer onto `loop._scheduled`, a heap ordered by time: your
  waiting queue. `loop._run_once()` moves the due timers to `_ready` and runs what is ready: one turn
  of your loop.
- `Task.__step` sends into the coroutine and looks at what comes out, as your loop does.
- `Future.__await__` does `yield self`, like `Sleep` and your task; the Task that receives the future
  waits (add_done_callback) until it is done, then steps again.

The one real difference: where your loop jumps the clock, asyncio's waits in `select()` for its
sockets until the next timer is due.
"""


class Sleep:
    """`await Sleep(delay)`: suspends the awaiting task for `delay` seconds of TinyLoop's clock."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def __await__(self):
        yield self  # the loop that runs the coroutine receives this Sleep from send()

    def __repr__(self) -> str:
        return f"Sleep({self.delay!r})"


# TODO: write TinyLoop (and the task class that create_task returns), without asyncio.
class TinyLoop:
    def __init__(self) -> None:
        pass  # the clock, the ready queue and the waiting heap go here

    def time(self) -> float:
        raise NotImplementedError("TinyLoop.time")

    def create_task(self, coro):
        raise NotImplementedError("TinyLoop.create_task")

    def run_until_complete(self, coro):
        raise NotImplementedError("TinyLoop.run_until_complete")
