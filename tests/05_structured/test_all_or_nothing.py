"""all_or_nothing: every maker at once, results in order; one failure cancels the rest (TaskGroup)."""
from grader.harness import (
    PATIENCE,
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    fail,
    leaves,
    outcome_of,
    seconds,
    stop_tasks,
)

NAME = "fetch_all_or_nothing"
GROUP_HINT = ("`async with asyncio.TaskGroup() as group:` and `group.create_task(make())` for each maker: when a "
              "task fails, the group cancels the others, waits for them, and raises an ExceptionGroup.")
LEFT_RUNNING = "Siblings left running after a failure"


async def run(exercise, makers):
    expect_async_def(exercise.fetch_all_or_nothing, NAME)
    return await outcome_of(exercise.fetch_all_or_nothing(makers))


def expect_success(outcome, jobs):
    if outcome.raised:
        fail(f"{NAME} raised {outcome.error!r} although every maker succeeded.", jobs.timeline())


def expect_group(outcome, failures, timeline):
    """The outcome is an ExceptionGroup holding exactly `failures` (any order, nesting allowed)."""
    error = outcome.error
    if error is None:
        fail(f"{NAME} returned {outcome.value!r} although a maker raised: it must raise an ExceptionGroup "
             "holding the failure.", timeline, hint=GROUP_HINT)
    if any(error is failure for failure in failures):
        fail(f"{NAME} raised the maker's {error!r} itself: a bare exception instead of an ExceptionGroup "
             "holding it.", timeline, hint=GROUP_HINT)
    if not isinstance(error, BaseExceptionGroup):
        fail(f"{NAME} raised {error!r} instead of an ExceptionGroup holding the makers' failures "
             f"({', '.join(map(repr, failures))}).", timeline, hint=GROUP_HINT)
    held = leaves(error)
    missing = [failure for failure in failures if not any(failure is leaf for leaf in held)]
    extra = [leaf for leaf in held if not any(failure is leaf for failure in failures)]
    shown = f"It raised {error!r}, holding {held!r}; expected it to hold {failures!r} (in any order)."
    cancellations = [leaf for leaf in extra if type(leaf).__name__ == "CancelledError"]
    if cancellations:
        fail(f"{NAME}'s ExceptionGroup also holds {len(cancellations)} CancelledError(s) of the cancelled "
             "siblings: only the real failures belong in it.", shown, timeline, hint=GROUP_HINT)
    if missing and not extra:
        fail(f"{NAME}'s ExceptionGroup misses failure(s) that happened before the others were cancelled: "
             f"{missing!r}.", shown, timeline, hint=GROUP_HINT)
    if extra:
        fail(f"{NAME}'s ExceptionGroup holds exception(s) that are not the makers' failures before the "
             f"cancellation: {extra!r}.", shown, timeline, hint=GROUP_HINT)


async def run_with_a_failure(exercise, jobs, makers):
    """Run makers of which some fail: the outcome, the timeline as it was when fetch_all_or_nothing ended,
    and how it left the makers unfinished at that moment."""
    expect_async_def(exercise.fetch_all_or_nothing, NAME)
    return await jobs.outcome_of(exercise.fetch_all_or_nothing(makers),
                                 title=f"The makers when {NAME} ended (loop seconds):")


def expect_siblings_stopped(jobs, makers, failing, left, evidence):
    """No maker ran on after makers[failing] raised: each was cancelled at that moment or had
    finished before."""
    failed = makers[failing].runs
    if len(jobs.runs) < len(makers):
        fail(f"{NAME} is sequential: when makers[{failing}] failed, some makers had not even started.", evidence,
             hint="Start every maker's coroutine as a task before waiting for any.")
    failed_at = failed[0].end
    if left.running:
        fail(f"{LEFT_RUNNING}: makers[{failing}] raised at {seconds(failed_at)}, but {NAME} left "
             f"{len(left.running)} other maker(s) running.", evidence, hint=GROUP_HINT)
    ran_on = jobs.returned_after(failed_at)
    if ran_on:
        fail(f"{LEFT_RUNNING}: makers[{failing}] raised at {seconds(failed_at)}, but {NAME} let {len(ran_on)} "
             "other maker(s) run to the end instead of cancelling them.", evidence, hint=GROUP_HINT)
    if jobs.cancelled_after(failed_at):
        fail(f"{NAME} cancelled the other makers late: makers[{failing}] raised at {seconds(failed_at)}, but "
             "the others were cancelled only afterwards; cancel them at once.", evidence, hint=GROUP_HINT)


async def test_results_in_the_order_of_the_makers(exercise):
    jobs = Jobs()
    makers = jobs.makers([(2, "two"), (3, "three"), (1, "one"), (2.5, 25)])
    outcome = await run(exercise, makers)
    expect_success(outcome, jobs)
    expect_equal(outcome.value, ["two", "three", "one", 25], what=f"{NAME}(four makers that succeed)",
                 evidence=[jobs.timeline()], mistakes=[
                     (["one", "two", 25, "three"], f"{NAME} listed the results in the order the makers finished, "
                                                   "not in the order of makers."),
                     (("two", "three", "one", 25), f"{NAME} returned a tuple; it must return a list."),
                 ])


async def test_runs_every_maker_at_once(exercise):
    jobs = Jobs()
    makers = jobs.makers([(2, "a"), (3, "b"), (1, "c")])
    outcome = await run(exercise, makers)
    expect_success(outcome, jobs)
    jobs.expect_called_once_each(makers, by=NAME)
    expect_duration(outcome.elapsed, 3.0, what=f"{NAME} of makers taking 2 s, 3 s and 1 s",
                    evidence=[jobs.timeline()], mistakes={
                        6.0: f"{NAME} is sequential: it ran the makers one after another (6 s) instead of "
                             "all at once (3 s).",
                    }, hint="Start every maker's coroutine as a task before waiting for any.")


async def test_a_failure_raises_an_exception_group(exercise):
    jobs = Jobs()
    failure = ValueError("makers[1] failed")
    outcome, evidence, _ = await run_with_a_failure(exercise, jobs, jobs.makers([(2, "a"), (1, failure), (3, "c")]))
    expect_group(outcome, [failure], evidence)


async def test_siblings_are_cancelled_when_one_fails(exercise):
    jobs = Jobs()
    makers = jobs.makers([(2.5, "a"), (1, OSError("makers[1] failed")), (4, "c"), (1.5, "d")])
    outcome, evidence, left = await run_with_a_failure(exercise, jobs, makers)
    expect_siblings_stopped(jobs, makers, 1, left, evidence)
    if not outcome.raised:
        fail(f"{NAME} returned {outcome.value!r} although makers[1] raised.", evidence, hint=GROUP_HINT)


async def test_waits_for_the_cancelled_siblings_to_finish(exercise):
    jobs = Jobs()
    makers = jobs.makers([(3, "a", 0.5), (1, KeyError("makers[1] failed")), (2, "c", 0.25)])
    outcome, evidence, left = await run_with_a_failure(exercise, jobs, makers)
    expect_siblings_stopped(jobs, makers, 1, left, evidence)
    if left.cancelled:
        fail(f"{NAME} did not wait for the cancelled siblings to finish: it ended at "
             f"{seconds(outcome.elapsed)} while {len(left.cancelled)} of them were still cleaning up.",
             evidence, hint="A cancelled task needs time to unwind (its finally blocks run). TaskGroup "
                            "waits for that; if you cancel tasks yourself, await them afterwards.")
    expect_duration(outcome.elapsed, 1.5, what=f"{NAME} (a maker fails at 1 s; the others clean up for up to "
                                               "0.5 s when cancelled)", evidence=[evidence])


async def test_the_group_holds_every_failure_before_the_cancellation(exercise):
    jobs = Jobs()
    first, second, later = ValueError("makers[1] failed"), KeyError("makers[2] failed"), RuntimeError("too late")
    makers = jobs.makers([(2, "a"), (1, first), (1, second), (2, later)])
    outcome, evidence, _ = await run_with_a_failure(exercise, jobs, makers)
    expect_group(outcome, [first, second], evidence)


async def test_no_makers_no_results(exercise):
    outcome = await run(exercise, [])
    if outcome.raised:
        fail(f"{NAME}([]) raised {outcome.error!r}; with nothing to run it should return [].",
             hint="asyncio.wait refuses an empty set; a TaskGroup with no tasks, or gather() of nothing, is fine.")
    expect_equal(outcome.value, [], what=f"{NAME}([])")
    expect_duration(outcome.elapsed, 0.0, what=f"{NAME}([])")


async def test_a_cancellation_of_fetch_all_or_nothing_is_not_swallowed(exercise):
    jobs = Jobs()
    makers = jobs.makers([(2, "a"), (3, "b"), (1.5, "c")])
    expect_async_def(exercise.fetch_all_or_nothing, NAME)
    outcome = await outcome_of(exercise.fetch_all_or_nothing(makers), cancel_at=1.0, wait=PATIENCE)
    evidence = jobs.timeline(f"The makers ({NAME} was cancelled at 1.0 s; loop seconds):")
    await stop_tasks()
    hint = ("A CancelledError is the cancellation of fetch_all_or_nothing itself, not a maker's failure: catch "
            "Exception (or use `except*`), never BaseException or a bare `except:`, and let it through.")
    if outcome.state == "still running":
        fail(f"{NAME} swallowed its own cancellation: it was cancelled at 1.0 s and was still running "
             f"{seconds(PATIENCE)} later.", evidence, hint=hint)
    if not outcome.cancelled:
        fail(f"{NAME} swallowed its own cancellation: it was cancelled at 1.0 s, while the makers ran, but it did "
             "not end cancelled.", outcome.describe(NAME), evidence, hint=hint)
    expect_duration(outcome.elapsed, 1.0, what=f"{NAME}, cancelled at 1.0 s,", evidence=[evidence], hint=hint)
