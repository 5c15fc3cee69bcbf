import heapq
import itertools
from collections import deque


class Task:
    """`await task` yields the task; when it is done, the loop resumes the waiter by sending the result in
    (or throwing the exception in), as generator-based coroutines were resumed before async def."""

    def __init__(self, coro):
        self.coro = coro
        self.finished = False
        self.value = None
        self.error = None
        self.waiters = []

    def done(self):
        return self.finished

    def result(self):
        if not self.finished:
            raise RuntimeError("result() of a task that is not done")
        if self.error is not None:
            raise self.error
        return self.value

    def __await__(self):
        if self.finished:
            return self.result()
        return (yield self)


class TinyLoop:
    def __init__(self):
        self.clock = 0.0
        self.ready = deque()  # (task, how to resume it: ("send", value) or ("throw", error))
        self.timers = []
        self.tickets = itertools.count()

    def time(self):
        return self.clock

    def create_task(self, coro):
        task = Task(coro)
        self.ready.append((task, ("send", None)))
        return task

    def run_until_complete(self, coro):
        main = self.create_task(coro)
        while not main.done():
            if not self.ready:
                self.clock = max(self.clock, self.timers[0][0])
                while self.timers and self.timers[0][0] <= self.clock:
                    self.ready.append((heapq.heappop(self.timers)[2], ("send", None)))
            task, (how, what) = self.ready.popleft()
            self.step(task, how, what)
        return main.result()

    def step(self, task, how, what):
        try:
            awaited = task.coro.send(what) if how == "send" else task.coro.throw(what)
        except StopIteration as stop:
            self.finish(task, stop.value, None)
            return
        except Exception as error:
            self.finish(task, None, error)
            return
        if isinstance(awaited, Sleep):
            heapq.heappush(self.timers, (self.clock + max(awaited.delay, 0), next(self.tickets), task))
        elif isinstance(awaited, Task):
            awaited.waiters.append(task)
        else:
            self.ready.append((task, ("throw", TypeError(f"cannot wait for {awaited!r}"))))

    def finish(self, task, value, error):
        task.finished, task.value, task.error = True, value, error
        resume = ("send", value) if error is None else ("throw", error)
        self.ready.extend((waiter, resume) for waiter in task.waiters)
        task.waiters.clear()
