"""task_set: a set of background tasks that keeps them alive, waits for them and cancels them."""
import asyncio
import gc
import inspect
import weakref

from grader.harness import (
    Jobs,
    describe_complaints,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    loop_complaints,
    timed,
)

JOIN_HINT = ("asyncio.wait waits without raising; gather raises unless return_exceptions=True. And a cancelled "
             "task raises CancelledError when awaited, which `except Exception` does not catch.")
CANCEL_ALL_HINT = ("A cancelled task raises CancelledError when awaited. Wait with asyncio.wait, or with "
                   "gather(..., return_exceptions=True).")


def spawn(task_set, coro):
    """task_set.spawn(coro), failing clearly if spawn is async or does not return a task."""
    try:
        task = task_set.spawn(coro)
    except BaseException:
        coro.close()  # so that no "never awaited" warning hides the real failure
        raise
    if inspect.iscoroutine(task):
        task.close()
        coro.close()
        fail("spawn is written with async def: calling it only makes a coroutine, and nothing is started.",
             hint="spawn is a plain method (def): it starts the task with asyncio.create_task and returns it.")
    if not isinstance(task, asyncio.Task):
        fail(f"spawn returned {task!r}; it must return the asyncio.Task it started.")
    return task


async def without_raising(awaitable, name, jobs, hint):
    """Time `awaitable` (task_set.join() or .cancel_all(), called `name`), naming the mistake if a task's
    exception or cancellation escapes it."""
    try:
        return await timed(awaitable)
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise  # the test itself is being cancelled
        escaped = "CancelledError"
    except Exception as error:
        if jobs.escaped(error) is None:
            raise
        escaped = repr(error)
    fail(f"{name} raised {escaped} from one of the spawned tasks: it must never raise, whatever the tasks do.",
         jobs.timeline(), hint=hint)


def never_retrieved(complaints):
    return [c for c in complaints if "never retrieved" in str(c.get("message"))]


def raised_in_a_callback(complaints):
    """What a callback (a done callback, say) raised: asyncio reports it with the callback's handle."""
    return [c for c in complaints if "handle" in c and isinstance(c.get("exception"), BaseException)]


# --- spawn and len ------------------------------------------------------------------------------------

async def test_spawn_starts_a_task_at_once(exercise):
    jobs = Jobs()
    task_set = exercise.TaskSet()
    first = spawn(task_set, jobs.coro(1, "one"))
    second = spawn(task_set, jobs.coro(2, "two"))
    results, elapsed = await timed(asyncio.gather(first, second))
    expect_equal(results, ["one", "two"], what="awaiting the two spawned tasks", evidence=[jobs.timeline()])
    expect_duration(elapsed, 2.0, what="two spawned tasks of 1 s and 2 s", evidence=[jobs.timeline()], mistakes={
        3.0: "The spawned tasks ran one after another: spawn must start each one as a task at once."})


async def test_a_spawned_task_is_not_lost_to_the_garbage_collector(exercise):
    # The job waits for a future that only the job itself holds (the test keeps a weak reference):
    # if the TaskSet holds the task only weakly too, nothing keeps it alive, and gc destroys it.
    task_set = exercise.TaskSet()
    box, finished = [], []

    async def wait_for_the_signal():
        signal = asyncio.get_running_loop().create_future()
        box.append(weakref.ref(signal))
        finished.append(await signal)

    with loop_complaints() as complaints:
        spawn(task_set, wait_for_the_signal())  # the test keeps no reference to the task
        await asyncio.sleep(0.1)
        for _ in range(3):
            gc.collect()
            await asyncio.sleep(0.1)
        signal = box[0]() if box else None
        if signal is None:
            fail("A spawned task was lost to the garbage collector: the TaskSet must keep a strong "
                 "reference to every task until it is done.",
                 "The task was waiting, and the only reference to it was the TaskSet's; gc.collect() "
                 "destroyed it mid-execution.", *describe_complaints(complaints),
                 hint="The event loop only keeps weak references to tasks. Keep them in an ordinary set "
                      "(not a WeakSet) and remove each one when it is done (task.add_done_callback).")
        signal.set_result("done")
        del signal
        await asyncio.sleep(0.1)
    expect_equal(finished, ["done"], what="the spawned task's work after gc.collect()")


async def test_len_counts_the_tasks_not_done_yet(exercise):
    jobs = Jobs()
    task_set = exercise.TaskSet()
    counts = [len(task_set)]
    spawn(task_set, jobs.coro(1))
    spawn(task_set, jobs.coro(3))
    spawn(task_set, jobs.coro(2, error=ValueError("job failed")))
    spawn(task_set, jobs.coro(4, label="coroutine whose task was cancelled before it started")).cancel()
    # Read between the moments the tasks finish: len may lag a task that finished in this very loop
    # iteration (a done callback runs one iteration later), as the asyncio docs' recipe does.
    for _ in range(5):
        await asyncio.sleep(0.5)
        counts.append(len(task_set))
        await asyncio.sleep(0.5)
    counted_finished = "len counted finished tasks: it must count only the tasks not done yet."
    expect_equal(counts, [0, 3, 2, 1, 0, 0],
                 what="len(task_set) before spawning, then at 0.5, 1.5, 2.5, 3.5 and 4.5 s",
                 evidence=[jobs.timeline()],
                 mistakes=[([0, 4, 4, 4, 4, 4], counted_finished), ([0, 3, 3, 3, 3, 3], counted_finished)],
                 hint="A task is finished once task.done() is true, whether it returned, raised or was cancelled.")


# --- join ----------------------------------------------------------------------------------------------

async def test_join_waits_for_every_task(exercise):
    jobs = Jobs()
    _, elapsed = await timed(exercise.TaskSet().join())
    expect_duration(elapsed, 0.0, what="join() of an empty TaskSet")
    task_set = exercise.TaskSet()
    for delay in [1, 3, 2]:
        spawn(task_set, jobs.coro(delay))
    _, elapsed = await without_raising(task_set.join(), "join", jobs, JOIN_HINT)
    expect_duration(elapsed, 3.0, what="join() of tasks of 1 s, 3 s and 2 s", evidence=[jobs.timeline()], mistakes={
        0.0: "join returned at once, without waiting for the tasks.",
        1.0: "join returned when the first task finished, not when all of them were done.",
    })
    if jobs.unfinished():
        fail("join returned while tasks were still running.", jobs.timeline())


async def test_join_waits_for_tasks_spawned_while_it_waits(exercise):
    jobs = Jobs()
    task_set = exercise.TaskSet()

    async def spawner():
        await asyncio.sleep(0.5)
        spawn(task_set, jobs.coro(2, label="2 s job spawned at 0.5 s by a spawned task"))
        await asyncio.sleep(0.5)

    spawn(task_set, spawner())
    joining = asyncio.create_task(without_raising(task_set.join(), "join", jobs, JOIN_HINT))
    await asyncio.sleep(2)
    spawn(task_set, jobs.coro(1.5, label="1.5 s job spawned at 2.0 s by the test, while join waited"))
    _, elapsed = await joining
    expect_duration(elapsed, 3.5, what="join()", evidence=[
        "Before calling join, the test spawned a task that spawns a job at 0.5 s, then ends at 1.0 s.",
        jobs.timeline()], mistakes={
        1.0: "join missed the tasks spawned while it was waiting: it returned once the tasks spawned "
             "before it had finished.",
        2.5: "join missed a task spawned while it was waiting: it did not check again for new tasks "
             "before returning.",
    }, hint="Loop: while some tasks are unfinished, wait for them, then look again.")


async def test_join_does_not_raise_what_a_task_raised(exercise):
    jobs = Jobs()
    task_set = exercise.TaskSet()
    spawn(task_set, jobs.coro(0.5, error=ValueError("a job failed")))
    spawn(task_set, jobs.coro(1))
    doomed = spawn(task_set, jobs.coro(2))
    await asyncio.sleep(0.2)
    doomed.cancel()
    _, elapsed = await without_raising(task_set.join(), "join", jobs, JOIN_HINT)
    expect_duration(elapsed, 0.8, what="join() (started at 0.2 s)", evidence=[jobs.timeline()])


async def test_join_retrieves_the_exceptions(exercise):
    jobs = Jobs()
    with loop_complaints() as complaints:
        task_set = exercise.TaskSet()
        spawn(task_set, jobs.coro(0.5, error=ValueError("a job failed")))
        spawn(task_set, jobs.coro(1))
        await without_raising(task_set.join(), "join", jobs, JOIN_HINT)
        del task_set
        gc.collect()
        await asyncio.sleep(0)
    never = never_retrieved(complaints)
    if never:
        fail("asyncio logged \"Task exception was never retrieved\" after join: join must retrieve "
             "the exception of every task that failed.", *describe_complaints(never), jobs.timeline(),
             hint="Call task.exception() on each failed task (not on a cancelled one: that raises).")


async def test_join_retrieves_the_exceptions_of_tasks_spawned_while_it_waits(exercise):
    jobs = Jobs()
    with loop_complaints() as complaints:
        task_set = exercise.TaskSet()
        spawn(task_set, jobs.coro(2))
        joining = asyncio.create_task(without_raising(task_set.join(), "join", jobs, JOIN_HINT))
        await asyncio.sleep(0.5)
        spawn(task_set, jobs.coro(0.25, error=ValueError("spawned during join, failed at 0.75 s")))
        await joining
        del task_set
        gc.collect()
        await asyncio.sleep(0)
    never = never_retrieved(complaints)
    if never:
        fail("asyncio logged \"Task exception was never retrieved\" for a task spawned while join was "
             "waiting: join must retrieve the exceptions of those tasks too.", *describe_complaints(never),
             jobs.timeline(),
             hint="That task started and failed while join was still waiting for the earlier ones. A "
                  "done callback (task.add_done_callback) sees every task as it finishes.")


async def test_cancelled_tasks_make_asyncio_log_nothing(exercise):
    jobs = Jobs()
    with loop_complaints() as complaints:
        task_set = exercise.TaskSet()
        doomed = spawn(task_set, jobs.coro(2, label="task cancelled at 0.5 s by the test"))
        spawn(task_set, jobs.coro(0.25, error=ValueError("a job failed")))
        spawn(task_set, jobs.coro(5, label="task cancelled by cancel_all at 1.0 s"))
        await asyncio.sleep(0.5)
        doomed.cancel()
        await asyncio.sleep(0.5)
        await without_raising(task_set.cancel_all(), "cancel_all", jobs, CANCEL_ALL_HINT)
        await asyncio.sleep(0)
    errors = raised_in_a_callback(complaints)
    if any(isinstance(c["exception"], asyncio.CancelledError) for c in errors):
        fail("A done callback raised CancelledError for a cancelled task, and asyncio logged it as an error: "
             "task.exception() raises for a cancelled task.", *describe_complaints(errors), jobs.timeline(),
             hint="In the callback, check task.cancelled() first and call task.exception() only if it is False; "
                  "and drop the task from the set before anything that may raise.")
    if errors:
        fail("A callback of the TaskSet raised, and asyncio logged it as an error.",
             *describe_complaints(errors), jobs.timeline())


# --- cancel_all ----------------------------------------------------------------------------------------

async def test_cancel_all_cancels_and_waits_for_the_tasks(exercise):
    jobs = Jobs()
    task_set = exercise.TaskSet()
    slow = spawn(task_set, jobs.coro(10))
    careful = spawn(task_set, jobs.coro(10, cleanup=0.5))
    spawn(task_set, jobs.coro(0.5))
    await asyncio.sleep(1)
    _, elapsed = await without_raising(task_set.cancel_all(), "cancel_all", jobs, CANCEL_ALL_HINT)
    expect_duration(elapsed, 0.5, what="cancel_all() (one task cleans up for 0.5 s when cancelled)",
                    evidence=[jobs.timeline()], mistakes={
        0.0: "cancel_all did not wait for the cancelled tasks to finish: one of them was still cleaning up.",
        9.0: "cancel_all did not cancel the tasks: it waited for them to finish on their own.",
    }, hint="task.cancel() only asks the task to stop; await the tasks (asyncio.wait) to know they have.")
    if not (slow.cancelled() and careful.cancelled()):
        fail("cancel_all did not cancel every unfinished task.", jobs.timeline())
    await expect_no_tasks_left("cancel_all")


async def test_cancel_all_never_raises(exercise):
    jobs = Jobs()
    _, elapsed = await without_raising(exercise.TaskSet().cancel_all(), "cancel_all", jobs, CANCEL_ALL_HINT)
    expect_duration(elapsed, 0.0, what="cancel_all() of an empty TaskSet")
    task_set = exercise.TaskSet()
    spawn(task_set, jobs.coro(0.5, error=ValueError("failed before cancel_all")))
    spawn(task_set, jobs.coro(10, cleanup_error=RuntimeError("failed while cleaning up")))
    spawn(task_set, jobs.coro(10))
    spawn(task_set, jobs.coro(0.5, "already done"))
    await asyncio.sleep(1)
    await without_raising(task_set.cancel_all(), "cancel_all", jobs, CANCEL_ALL_HINT)
    if jobs.unfinished():
        fail("cancel_all returned while tasks were still running.", jobs.timeline())
