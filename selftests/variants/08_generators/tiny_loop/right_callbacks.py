import heapq
import itertools
from collections import deque


class Future:
    """asyncio's design: a result holder with done callbacks; the loop only runs callbacks."""

    def __init__(self, loop):
        self._loop = loop
        self._state = "pending"
        self._value = None
        self._callbacks = []

    def done(self):
        return self._state != "pending"

    def result(self):
        if self._state == "pending":
            raise LookupError("result is not ready")
        if self._state == "failed":
            raise self._value
        return self._value

    def add_done_callback(self, callback):
        if self.done():
            self._loop.call_soon(callback)
        else:
            self._callbacks.append(callback)

    def _settle(self, state, value):
        self._state, self._value = state, value
        for callback in self._callbacks:
            self._loop.call_soon(callback)

    def __await__(self):
        if not self.done():
            yield self
        return self.result()


class LoopTask(Future):
    def __init__(self, coro, loop):
        super().__init__(loop)
        self._coro = coro
        loop.call_soon(self._step)

    def _step(self):
        try:
            awaited = self._coro.send(None)
        except StopIteration as stop:
            self._settle("ok", stop.value)
        except Exception as error:
            self._settle("failed", error)
        else:
            if isinstance(awaited, Sleep):
                self._loop.call_later(awaited.delay, self._step)
            else:
                awaited.add_done_callback(self._step)


class TinyLoop:
    def __init__(self):
        self._clock = 0.0
        self._ready = deque()
        self._scheduled = []
        self._sequence = itertools.count()

    def time(self):
        return self._clock

    def call_soon(self, callback):
        self._ready.append(callback)

    def call_later(self, delay, callback):
        heapq.heappush(self._scheduled, (self._clock + max(0, delay), next(self._sequence), callback))

    def create_task(self, coro):
        return LoopTask(coro, self)

    def run_until_complete(self, coro):
        main = self.create_task(coro)
        while not main.done():
            if not self._ready:
                if not self._scheduled:
                    raise RuntimeError("deadlock")
                self._clock = max(self._clock, self._scheduled[0][0])
                while self._scheduled and self._scheduled[0][0] <= self._clock:
                    self._ready.append(heapq.heappop(self._scheduled)[2])
            self._ready.popleft()()
        return main.result()
