"""expect: a task must wake every task that awaits it

Each task remembers only one waiter: the last task to await it."""
import heapq
import itertools
from collections import deque


class Task:
    def __init__(self, coro, loop):
        self.coro, self.loop = coro, loop
        self._done, self._result, self._error = False, None, None
        self.waiter = None

    def done(self):
        return self._done

    def result(self):
        if not self._done:
            raise RuntimeError("not done")
        if self._error is not None:
            raise self._error
        return self._result

    def __await__(self):
        if not self._done:
            yield self
        return self.result()

    def step(self):
        try:
            awaited = self.coro.send(None)
        except StopIteration as stop:
            self.finish(stop.value, None)
        except Exception as error:
            self.finish(None, error)
        else:
            self.loop.park(self, awaited)

    def finish(self, result, error):
        self._done, self._result, self._error = True, result, error
        if self.waiter is not None:
            self.loop.ready.append(self.waiter)


class TinyLoop:
    def __init__(self):
        self.now = 0.0
        self.ready = deque()
        self.sleeping = []
        self.counter = itertools.count()

    def time(self):
        return self.now

    def create_task(self, coro):
        task = Task(coro, self)
        self.ready.append(task)
        return task

    def run_until_complete(self, coro):
        main = self.create_task(coro)
        while not main.done():
            if not self.ready:
                when, _, task = heapq.heappop(self.sleeping)
                self.now = max(self.now, when)
                self.ready.append(task)
            self.ready.popleft().step()
        return main.result()

    def park(self, task, awaited):
        if isinstance(awaited, Sleep):
            heapq.heappush(self.sleeping, (self.now + max(awaited.delay, 0), next(self.counter), task))
        elif awaited.done():
            self.ready.append(task)
        else:
            awaited.waiter = task  # one waiter per task: a second one replaces the first
