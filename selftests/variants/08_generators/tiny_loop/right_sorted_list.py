import bisect


class TinyLoop:
    class Task:
        def __init__(self, coro):
            self.coro = coro
            self.finished = False
            self.outcome = None
            self.failure = None
            self.awaiting_me = []

        def done(self):
            return self.finished

        def result(self):
            if not self.finished:
                raise ValueError("still running")
            if self.failure:
                raise self.failure
            return self.outcome

        def __await__(self):
            while not self.finished:
                yield self
            return self.result()

    def __init__(self):
        self.clock = 0.0
        self.ready = []
        self.waiting = []  # sorted list of (wake_time, ticket, task)
        self.tickets = 0

    def time(self):
        return self.clock

    def create_task(self, coro):
        task = self.Task(coro)
        self.ready.append(task)
        return task

    def run_until_complete(self, coro):
        main = self.create_task(coro)
        while not main.done():
            if not self.ready:
                wake, _, task = self.waiting.pop(0)
                if wake > self.clock:
                    self.clock = wake
                self.ready.append(task)
                continue
            task = self.ready.pop(0)
            try:
                got = task.coro.send(None)
            except StopIteration as stop:
                task.finished, task.outcome = True, stop.value
            except Exception as error:
                task.finished, task.failure = True, error
            else:
                if isinstance(got, Sleep):
                    self.tickets += 1
                    bisect.insort(self.waiting, (self.clock + got.delay, self.tickets, task))
                elif got.finished:
                    self.ready.append(task)
                else:
                    got.awaiting_me.append(task)
                continue
            self.ready.extend(task.awaiting_me)
        return main.result()
