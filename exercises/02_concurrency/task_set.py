"""Keeping track of background tasks.

Sometimes you start work in the background and carry on, without awaiting it there and then: a
server starts a handler for each new connection, an app fires off a notification. "Fire and
forget" with a bare `asyncio.create_task(...)` has three problems:

- The event loop keeps only a *weak* reference to its tasks. A task that nothing else refers to
  can be garbage-collected in the middle of its work, and simply vanishes. (The asyncio docs:
  "Save a reference to the result of this function, to avoid a task disappearing mid-execution.")
- Nobody can wait for the work to finish, or stop it, say when the program shuts down.
- If a task raises and nobody ever looks at its exception, asyncio can only complain later, in the
  log: "Task exception was never retrieved".

Your task: write a small `TaskSet` that fixes all three.

- `spawn(coro)`: a plain method (not async) that starts `coro` as a task and returns the task. The
  set keeps a strong reference to the task until it is done.
- `len(task_set)`: how many spawned tasks are not done yet. It may lag a task that has only just
  finished by one turn of the loop (a done callback runs one turn after the task is done), so the
  asyncio docs' own recipe, a set and `task.add_done_callback(the_set.discard)`, counts right.
- `await task_set.join()`: waits until every spawned task is done, including tasks spawned while
  join is waiting (a task may spawn more work). A task's exception does not escape join, and it is
  retrieved, so asyncio never logs "exception was never retrieved".
- `await task_set.cancel_all()`: cancels every unfinished task and waits until they have all
  finished (a cancelled task may still run its clean-up code). It never raises.

    tasks = TaskSet()
    tasks.spawn(handle(connection))   # runs in the background; no need to keep the task
    ...
    await tasks.join()                # wait for everything still running

Useful tools: `task.add_done_callback(fn)` calls `fn(task)` once the task is done; `task.done()`;
`asyncio.wait(tasks)` waits until the tasks are done without raising their exceptions (it refuses
an empty collection); `task.exception()` retrieves a finished task's exception (None if it had
none), but raises CancelledError for a cancelled task, so check `task.cancelled()` first.
"""
import asyncio
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


# TODO: write TaskSet: spawn, __len__, join and cancel_all (see above).
class TaskSet:
    def __init__(self) -> None:
        pass

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        raise NotImplementedError("spawn")

    def __len__(self) -> int:
        raise NotImplementedError("__len__")

    async def join(self) -> None:
        raise NotImplementedError("join")

    async def cancel_all(self) -> None:
        raise NotImplementedError("cancel_all")
