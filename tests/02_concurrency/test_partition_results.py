"""partition_results: await everything at once, sort the results from the raised exceptions."""
import asyncio
import traceback

from grader.harness import (
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    outcome_of,
    stop_tasks,
    timed,
)

CANCELLATION_HINT = ("Catch `Exception`, not `BaseException` or everything (a bare `except:`): CancelledError "
                     "derives from BaseException precisely so that it gets through such handlers.")


def timeline(jobs):
    return jobs.timeline("The awaitables, in input order (loop seconds):")


def refused_by_create_task(error):
    """A TypeError from create_task: it takes only coroutines, not the tasks and futures partition is given."""
    return any(frame.name == "create_task" for frame in traceback.extract_tb(error.__traceback__))


async def run_partition(exercise, jobs, aws):
    """Time partition(aws); name the mistake if an awaitable's exception escapes it."""
    expect_async_def(exercise.partition, "partition")
    try:
        return await timed(exercise.partition(aws))
    except Exception as error:
        evidence, still = timeline(jobs), jobs.unfinished()
        jobs.clean_up()  # so that no "never awaited" or "never retrieved" complaint hides the diagnosis
        escaped = jobs.escaped(error)
        wrong_type = isinstance(error, TypeError) and refused_by_create_task(error)
        if escaped is None and not wrong_type:
            raise
        problem = f"{type(error).__name__}: {str(error).split(', got')[0]}"
    # Failing outside the except block keeps the message free of "during handling of ..." noise.
    if escaped is not None:
        fail(
            f"partition raised {escaped!r} of one of its awaitables instead of collecting it: it "
            "must wait for all of them and return that exception in `exceptions`.",
            evidence,
            f"{len(still)} awaitable(s) were not finished, and left unwatched, when it raised." if still else "",
            hint="gather() without return_exceptions=True raises the first exception; TaskGroup "
            "too. Catch each awaitable's exception on its own.",
        )
    fail(
        f"partition only handles coroutines, but it is also given tasks and futures: {problem}.",
        evidence,
        hint="asyncio.gather (or asyncio.ensure_future) accepts any awaitable; create_task only "
        "takes coroutines. Or simply `await` each one inside a coroutine of your own.",
    )


def expect_all_finished(jobs):
    still = jobs.unfinished()
    if still:
        fail(f"partition returned while {len(still)} awaitable(s) were still running.", timeline(jobs),
             hint="Every awaitable must have finished when partition returns.")


def one_after_another(total):
    """The duration mistake of awaiting the awaitables in turn."""
    return {total: "partition awaited the awaitables one after another instead of all at once."}


async def test_awaits_everything_at_once(exercise):
    jobs = Jobs()
    _, elapsed = await run_partition(exercise, jobs, [jobs.coro(1, n) for n in range(5)])
    expect_duration(elapsed, 1.0, what="partition of five 1-second coroutines", evidence=[timeline(jobs)],
                    mistakes={5.0: "partition awaited the awaitables one after another: five 1-second "
                                   "coroutines took 5 s instead of 1 s."},
                    hint="Start them all before waiting for any (asyncio.gather does both).")


async def test_results_in_input_order(exercise):
    jobs = Jobs()
    aws = [jobs.coro(2, 30), jobs.coro(3, 10), jobs.coro(1, 20), jobs.coro(2.5, "forty")]
    result, elapsed = await run_partition(exercise, jobs, aws)
    expect_equal(result, ([30, 10, 20, "forty"], []), what="partition(four coroutines that succeed)",
                 evidence=[timeline(jobs)], mistakes=[
                     (([20, 30, "forty", 10], []), "partition listed the results in the order the awaitables "
                                                   "finished, not in input order."),
                     ([[30, 10, 20, "forty"], []], "partition returned a list; it must return a tuple "
                                                   "(results, exceptions)."),
                 ])
    expect_duration(elapsed, 3.0, what="partition", evidence=[timeline(jobs)], mistakes=one_after_another(8.5))


async def test_exceptions_collected_in_input_order(exercise):
    jobs = Jobs()
    late, early = ValueError("late"), KeyError("early")
    aws = [jobs.coro(1, "a"), jobs.coro(2, error=late), jobs.coro(3, "b"), jobs.coro(0.5, error=early)]
    result, elapsed = await run_partition(exercise, jobs, aws)
    expect_equal(result, (["a", "b"], [late, early]), what="partition(two that succeed, two that raise)",
                 evidence=[timeline(jobs)], mistakes=[
                     ((["a", "b"], [early, late]), "partition listed the exceptions in the order they were "
                                                   "raised, not in input order."),
                     ((["a", late, "b", early], []), "partition put the raised exceptions among the results; "
                                                    "they belong in `exceptions`."),
                 ])
    expect_duration(elapsed, 3.0, what="partition", evidence=[timeline(jobs)], mistakes=one_after_another(6.5))


async def test_a_failure_does_not_stop_the_others(exercise):
    jobs = Jobs()
    aws = [jobs.coro(0.5, error=RuntimeError("first to finish")), jobs.coro(2, "slow"), jobs.coro(1, "medium")]
    _, elapsed = await run_partition(exercise, jobs, aws)
    expect_duration(elapsed, 2.0, what="partition", evidence=[timeline(jobs)], mistakes={
        0.5: "partition returned at the first failure, leaving the others running.",
        **one_after_another(3.5),
    })
    expect_all_finished(jobs)
    await expect_no_tasks_left("partition")


async def test_a_returned_exception_is_a_result(exercise):
    jobs = Jobs()
    returned, raised = ValueError("I was returned"), ValueError("I was raised")
    result, _ = await run_partition(exercise, jobs, [jobs.coro(1, error=raised), jobs.coro(1, returned),
                                                     jobs.coro(1, "plain")])
    expect_equal(result, ([returned, "plain"], [raised]),
                 what="partition([raises an exception, returns an exception object, returns 'plain'])",
                 evidence=[timeline(jobs)], mistakes=[
                     ((["plain"], [raised, returned]), "partition treated an exception object that was "
                      "returned as a failure: a returned value is a success, whatever its type."),
                 ], hint="With gather(return_exceptions=True) you cannot tell raised from returned. Wrap each "
                         "awaitable in a small coroutine that records whether it raised.")


async def test_accepts_tasks_and_futures(exercise):
    jobs = Jobs()
    task_error, future_error = OSError("task failed"), LookupError("future failed")
    aws = [jobs.future(1.5, "future"), jobs.task(1, error=task_error), jobs.coro(1, "coroutine"),
           jobs.future(0.5, error=future_error), jobs.task(2, "task")]
    result, elapsed = await run_partition(exercise, jobs, aws)
    expect_equal(result, (["future", "coroutine", "task"], [task_error, future_error]),
                 what="partition of futures, tasks and a coroutine", evidence=[timeline(jobs)], mistakes=[
                     ((["future", "coroutine", "task"], [future_error, task_error]),
                      "partition listed the exceptions in the order they were raised, not in input order."),
                     ((["coroutine", "future", "task"], [future_error, task_error]),
                      "partition listed the results in the order the awaitables finished, not in input order."),
                 ])
    expect_duration(elapsed, 2.0, what="partition", evidence=[timeline(jobs)], mistakes=one_after_another(2.5))
    expect_all_finished(jobs)


async def test_nothing_to_partition(exercise):
    result, elapsed = await run_partition(exercise, Jobs(), [])
    expect_equal(result, ([], []), what="partition([])")
    expect_duration(elapsed, 0.0, what="partition([])")


def cancelled_errors(values):
    return [value for value in values if isinstance(value, asyncio.CancelledError)]


async def test_a_cancellation_propagates(exercise):
    expect_async_def(exercise.partition, "partition")
    jobs = Jobs()
    first = jobs.coro(1, "a")
    doomed = jobs.task(2, "never", label="task returning 'never' after 2 s, cancelled at 0.5 s by someone else")
    asyncio.get_running_loop().call_later(0.5, doomed.cancel)
    aws = [first, doomed, jobs.coro(0.25, error=ValueError("bad"))]
    ending = await outcome_of(exercise.partition(aws))
    evidence = [f"One of the awaitables was cancelled at 0.5 s; {ending.describe('partition')}", timeline(jobs)]
    jobs.clean_up()
    await stop_tasks()
    if ending.cancelled:
        return
    if ending.state == "raised":
        fail(f"partition raised {ending.error!r} when one of its awaitables was cancelled; the CancelledError "
             "itself must propagate out of partition.", *evidence, hint=CANCELLATION_HINT)
    value = ending.value
    parts = value if isinstance(value, tuple) and len(value) == 2 else ([], [])
    results, exceptions = (list(part) if isinstance(part, list) else [] for part in parts)
    if cancelled_errors(exceptions):
        fail("partition put a cancellation into the exceptions list: an awaitable that ends cancelled has not "
             "failed, and its CancelledError must propagate out of partition.", *evidence, hint=CANCELLATION_HINT)
    if cancelled_errors(results):
        fail("partition put a cancellation among the results: an awaitable that ends cancelled has not "
             "succeeded either, and its CancelledError must propagate out of partition.", *evidence,
             hint="gather(return_exceptions=True) hands you a CancelledError like any other exception. "
                  + CANCELLATION_HINT)
    fail("partition swallowed the cancellation of an awaitable: it returned as if nothing had happened, "
         "instead of letting the CancelledError propagate.", *evidence, hint=CANCELLATION_HINT)
