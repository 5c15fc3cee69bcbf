"""cancel_cleanup: a worker that cleans up once and ends cancelled, and a stop() that waits for it."""
import asyncio

from grader.harness import (
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    fail,
    loop_steps,
    outcome_of,
    stop_tasks,
)

WORKER_HINT = ("Wrap the whole `while True:` loop in try/except asyncio.CancelledError (or try/finally); in "
               "the handler append \"cleanup\", then `raise`.")
STOP_HINT = ("After task.cancel(), wait for the task without letting its CancelledError out: "
             "`await asyncio.wait([task])` does that.")


class WorkerKilled(BaseException):
    """Ends a worker that will not stop when cancelled, once its test is over."""


class Log(list):
    """The worker's log. Once shut, appending raises WorkerKilled: a worker that swallows its
    cancellations dies in its own `except` block, and cannot hang the end of the test."""

    shut = False

    def append(self, value):
        if self.shut:
            raise WorkerKilled("the test is over")
        super().append(value)


async def start_worker(exercise, queue, log):
    expect_async_def(exercise.worker, "worker")
    task = asyncio.create_task(exercise.worker(queue, log))
    await loop_steps()
    if task.done():
        ending = await outcome_of(task)
        fail("worker ended before it was given any item: it must run forever, until it is cancelled.",
             ending.describe("worker"),
             hint="while True: item = await queue.get() ...")
    return task


async def finish(task, log):
    """End the worker, whatever it does with cancellations."""
    log.shut = True
    await stop_tasks([task])


def show(log):
    return f"The log: {list(log)!r}"


async def test_worker_processes_items_as_they_arrive(exercise):
    queue, log = asyncio.Queue(), Log()
    task = await start_worker(exercise, queue, log)
    moments = []
    queue.put_nowait("apple")
    await loop_steps()
    moments.append(("right after 'apple' was put at 0 s", list(log), task.done()))
    await asyncio.sleep(1)
    queue.put_nowait("pear")
    queue.put_nowait("fig")
    await loop_steps()
    moments.append(("right after 'pear' and 'fig' were put at 1 s", list(log), task.done()))
    await finish(task, log)
    evidence = [f"The log {when}: {seen!r}" for when, seen, _ in moments]
    for when, seen, done in moments:
        if done:
            fail(f"worker stopped {when}: it must keep taking items forever, until it is cancelled.", *evidence,
                 hint="Loop: while True: item = await queue.get() ...")
        if "cleanup" in seen:
            fail("worker appended \"cleanup\" after processing an item, while still running: clean up once, "
                 "when it is cancelled, not in every round of the loop.", *evidence, hint=WORKER_HINT)
    if not moments[0][1]:
        fail("worker did not process 'apple' as soon as it was put in the queue.", *evidence,
             hint="Wait for the next item with `await queue.get()`: it wakes the worker the moment an item "
                  "arrives, with no polling and no sleeping.")
    expect_equal([seen for _, seen, _ in moments],
                 [["processed apple"], ["processed apple", "processed pear", "processed fig"]],
                 what="the log right after 'apple' was put at 0 s, and right after 'pear' and 'fig' at 1 s "
                      "(the worker)", evidence=evidence,
                 hint="Take each item with `await queue.get()` as soon as it comes, and append "
                      "f\"processed {item}\".")


async def test_worker_cleans_up_exactly_once_when_cancelled(exercise):
    queue, log = asyncio.Queue(), Log()
    task = await start_worker(exercise, queue, log)
    queue.put_nowait("a")
    queue.put_nowait("b")
    await asyncio.sleep(0.5)
    before = list(log)
    task.cancel()
    await asyncio.wait([task], timeout=1.0)
    after = list(log)
    await finish(task, log)
    evidence = [f"The log before the worker was cancelled at 0.5 s: {before!r}",
                f"The log after it was cancelled: {after!r}"]
    cleanups = after.count("cleanup")
    if cleanups == 0:
        fail("worker did not append \"cleanup\" when it was cancelled.", *evidence, hint=WORKER_HINT)
    if cleanups > 1:
        fail(f"worker appended \"cleanup\" {cleanups} times; it must clean up exactly once, when cancelled.",
             *evidence, hint="Clean up in one place: an `except CancelledError:` block or a `finally:` block, "
                             "around the whole loop, not both.")
    expect_equal(after, ["processed a", "processed b", "cleanup"],
                 what="the log after putting 'a' and 'b' and cancelling the worker", evidence=evidence)


async def test_worker_ends_cancelled(exercise):
    queue, log = asyncio.Queue(), Log()
    task = await start_worker(exercise, queue, log)
    queue.put_nowait("job")
    await loop_steps()
    ending = await outcome_of(task, cancel_at=0.0, wait=1.0)
    after = list(log)
    await finish(task, log)
    evidence = [f"The worker was cancelled at 0.0 s; {ending.describe('it')}", show(after)]
    if ending.state == "still running":
        fail("worker swallowed the CancelledError: it kept running after it was cancelled.", *evidence,
             hint=WORKER_HINT)
    if ending.state == "returned":
        fail("worker swallowed the CancelledError: it returned normally instead of ending cancelled.",
             *evidence, hint=WORKER_HINT)
    if ending.state == "raised":
        fail(f"worker raised {ending.error!r} when it was cancelled; it must let the CancelledError through.",
             *evidence, hint=WORKER_HINT)
    expect_duration(ending.elapsed, 0.0, what="worker, from its cancellation to its end", evidence=evidence)


async def stopping(exercise, task, jobs):
    """stop(task): how long it took, naming the mistake if the task's CancelledError escapes it."""
    expect_async_def(exercise.stop, "stop")
    outcome = await outcome_of(exercise.stop(task))
    if outcome.raised and not outcome.cancelled:
        raise outcome.error
    if not outcome.cancelled:
        return outcome.elapsed
    evidence = jobs.timeline("The task (loop seconds):")
    jobs.clean_up()
    fail("stop let the task's CancelledError escape: the cancellation it asked for is expected, and must "
         "not reach stop's caller.", evidence, hint=STOP_HINT)


async def test_stop_cancels_the_task_and_waits_for_it(exercise):
    jobs = Jobs()
    # A long clean-up: a stop that gives up waiting after a while of its own returns too early.
    task = jobs.task(100, "finished on its own", cleanup=20, label="task sleeping 100 s (cleans up for 20 s "
                                                                   "when cancelled)")
    await asyncio.sleep(1)
    elapsed = await stopping(exercise, task, jobs)
    evidence = jobs.timeline("The task when stop returned (loop seconds; stop was called at 1.0 s):")
    fate = (await jobs.left_behind()).fate(jobs.runs[0])
    jobs.clean_up()
    if fate in ("cleaning up", "cancel pending"):
        fail("stop returned before the task had finished: the task was still cleaning up.", evidence,
             hint="task.cancel() only asks the task to stop. " + STOP_HINT)
    if fate == "running" or not task.cancelled():
        fail("stop did not cancel the task" + (": it waited for it to finish on its own." if task.done() else "."),
             evidence, hint="Call task.cancel() first, then wait for the task.")
    expect_duration(elapsed, 20, what="stop(<task that cleans up for 20 s when cancelled>)",
                    evidence=[evidence])


async def test_stop_lets_its_callers_cancellation_through(exercise):
    expect_async_def(exercise.stop, "stop")
    jobs = Jobs()
    task = jobs.task(10, cleanup=1.0, label="task sleeping 10 s (cleans up for 1 s when cancelled)")
    await asyncio.sleep(0)
    ending = await outcome_of(exercise.stop(task), cancel_at=0.5, wait=5.0)
    evidence = [f"stop was called at 0.0 s; the test cancels its caller at 0.5 s. {ending.describe('stop')}",
                jobs.timeline("The task (loop seconds):")]
    if not ending.cancelled:
        await stop_tasks([ending.task])
        jobs.clean_up()
        if ending.state == "returned" and ending.elapsed < 0.45:
            fail("stop returned before the task had finished: the task was still cleaning up.", *evidence,
                 hint="task.cancel() only asks the task to stop. " + STOP_HINT)
        fail("stop swallowed its caller's cancellation: the code awaiting stop() was cancelled, but stop "
             "did not end cancelled.", *evidence,
             hint="A plain `except asyncio.CancelledError: pass` around `await task` cannot tell the task's "
                  "cancellation from your caller's. asyncio.wait([task]) never raises the task's; or re-raise "
                  "when asyncio.current_task().cancelling() is not 0.")
    await asyncio.wait([task], timeout=2.0)
    jobs.clean_up()
