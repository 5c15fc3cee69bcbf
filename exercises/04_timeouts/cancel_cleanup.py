"""Stopping a worker cleanly.

A background worker often runs forever: take a job from a queue, do it, take the next. To stop it
you cancel its task: `task.cancel()` throws `asyncio.CancelledError` into the worker at the
`await` where it is waiting. That exception is your chance to clean up (close a file, say goodbye
to a server), in an `except asyncio.CancelledError:` block or a `finally:` block.

Two rules make cancellation work:

- Let the CancelledError go on after your clean-up (`raise` at the end of the except block; a
  finally block does it by itself). A worker that swallows it keeps running, or returns as if
  nothing happened, and whoever cancelled it cannot tell.
- Clean up once, when you are stopped, not after every job.

`task.cancel()` only *asks*: it returns at once, before the worker has even seen the exception.
To know the worker has finished, wait for the task after cancelling it. Careful there:
awaiting a cancelled task raises CancelledError in *your* code. So does the cancellation of your
own caller, and that one must go on. `asyncio.wait([task])` waits without raising the task's
exception; or catch the task's CancelledError but re-raise it when
`asyncio.current_task().cancelling()` says that you are being cancelled yourself.

Your task:

- `worker(queue, log)`: forever take an item from the queue and append `"processed <item>"` to
  log (calling `queue.task_done()` is up to you). When cancelled, append `"cleanup"`, exactly
  once, and let the cancellation propagate, so that the task ends cancelled.
- `stop(task)`: cancel the task and return once it has finished. The task's CancelledError does
  not escape stop, but a cancellation of stop's own caller does.

    task = asyncio.create_task(worker(queue, log))
    await queue.put("apple")        # log: ["processed apple"] a moment later
    await stop(task)                # log: ["processed apple", "cleanup"]
"""
import asyncio


# TODO: process items forever; when cancelled, append "cleanup" once and let the cancellation go on.
async def worker(queue: asyncio.Queue[str], log: list[str]) -> None:
    raise NotImplementedError("worker")


# TODO: cancel the task and wait until it has finished, without letting its CancelledError out.
async def stop(task: asyncio.Task) -> None:
    raise NotImplementedError("stop")
