"""The capstone: an event loop of your own: reference solution."""
import heapq
import itertools
from collections import deque


class Sleep:
    """`await Sleep(delay)`: suspends the awaiting task for `delay` seconds of TinyLoop's clock."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def __await__(self):
        yield self  # the loop that runs the coroutine receives this Sleep from send()

    def __repr__(self) -> str:
        return f"Sleep({self.delay!r})"


class Task:
    """A coroutine driven by a TinyLoop (asyncio.Task in miniature)."""

    def __init__(self, coro, loop: "TinyLoop") -> None:
        self._coro = coro
        self._loop = loop
        self._done = False
        self._result = None
        self._exception = None
        self._waiters = []  # tasks suspended in `await self`

    def done(self) -> bool:
        return self._done

    def result(self):
        if not self._done:
            raise RuntimeError("the task is not done yet")
        if self._exception is not None:
            raise self._exception
        return self._result

    def __await__(self):
        if not self._done:
            yield self  # like Future.__await__: the loop parks the awaiting task until this one is done
        return self.result()

    def _step(self, error: BaseException | None = None) -> None:
        """Run the coroutine up to its next yield (asyncio: Task.__step)."""
        try:
            awaited = self._coro.send(None) if error is None else self._coro.throw(error)
        except StopIteration as stop:
            self._finish(result=stop.value)
        except Exception as raised:  # the task keeps its exception for result()
            self._finish(exception=raised)
        else:
            self._loop._park(self, awaited)

    def _finish(self, *, result=None, exception: BaseException | None = None) -> None:
        self._done, self._result, self._exception = True, result, exception
        for waiter in self._waiters:
            self._loop._call_soon(waiter)
        self._waiters.clear()


class TinyLoop:
    def __init__(self) -> None:
        self._now = 0.0
        self._ready = deque()  # asyncio: loop._ready, filled by call_soon
        self._sleeping = []  # asyncio: loop._scheduled, a heap of timers filled by call_at
        self._order = itertools.count()  # same wake-up time: the order they went to sleep

    def time(self) -> float:
        return self._now

    def create_task(self, coro) -> Task:
        task = Task(coro, self)
        self._call_soon(task)
        return task

    def run_until_complete(self, coro):
        main = self.create_task(coro)
        while not main.done():
            if not self._ready:
                if not self._sleeping:
                    raise RuntimeError("nothing is ready or sleeping, but the coroutine has not finished")
                self._now = max(self._now, self._sleeping[0][0])  # jump: no real waiting
                while self._sleeping and self._sleeping[0][0] <= self._now:
                    self._call_soon(heapq.heappop(self._sleeping)[2])
            task, error = self._ready.popleft()
            task._step(error)
        return main.result()

    def _call_soon(self, task: Task, error: BaseException | None = None) -> None:
        self._ready.append((task, error))

    def _park(self, task: Task, awaited) -> None:
        """Put a task that yielded `awaited` where it waits (asyncio: the end of Task.__step)."""
        if isinstance(awaited, Sleep):
            wake = self._now + max(awaited.delay, 0)
            heapq.heappush(self._sleeping, (wake, next(self._order), task))
        elif isinstance(awaited, Task) and awaited._loop is self:
            if awaited.done():
                self._call_soon(task)
            else:
                awaited._waiters.append(task)
        else:
            self._call_soon(task, TypeError(f"TinyLoop cannot wait for {awaited!r}"))
