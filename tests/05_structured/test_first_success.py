"""first_success: race the makers; the first success wins, the losers are cancelled and awaited."""
import asyncio

from grader.harness import (
    PATIENCE,
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    fail,
    outcome_of,
    seconds,
    stop_tasks,
)

NAME = "first_success"
CANCEL_HINT = ("Once you have a winner, call cancel() on every other task, then wait for them: "
               "`await asyncio.gather(*tasks, return_exceptions=True)` (or asyncio.wait) waits without raising "
               "their CancelledError.")
GROUP_HINT = ("Keep the tasks in a list in the order of makers; once all have failed, "
              "`raise ExceptionGroup(\"all failed\", [task.exception() for task in tasks])`.")

FAILURE_HINT = ("A failure only counts once no maker is left that could still succeed: catch it and keep waiting "
                "for the others (asyncio.as_completed gives you the outcomes as they come).")


async def race(exercise, jobs, makers):
    """Run first_success(makers): the outcome, the timeline as it was when first_success ended, and how it
    left the makers unfinished at that moment."""
    expect_async_def(exercise.first_success, NAME)
    return await jobs.outcome_of(exercise.first_success(makers), title=f"The makers when {NAME} ended (loop seconds):")


def identical(actual, expected):
    return len(actual) == len(expected) and all(a is e for a, e in zip(actual, expected))


def expect_no_error(outcome, evidence, jobs):
    error = outcome.error
    if isinstance(error, asyncio.CancelledError):
        fail(f"{NAME} raised CancelledError instead of returning the winner: awaiting a cancelled task "
             "re-raises its cancellation.", evidence, hint=CANCEL_HINT)
    if error is not None and jobs.escaped(error) is not None:
        fail(f"{NAME} raised {error!r}, the failure of a maker, although another maker succeeded.", evidence,
             hint=FAILURE_HINT)
    if error is not None:
        fail(f"{NAME} raised {error!r} although a maker succeeded.", evidence)


def race_figure(jobs, makers, winner):
    """The makers' runs above the race expected: all start at once; when the winner returns, those still
    running are cancelled and clean up; first_success returns once they have."""
    won_at = makers[winner].delay
    plan = {}
    for index, maker in enumerate(makers):
        if index == winner or (maker.options.get("error") is not None and maker.delay <= won_at):
            plan[maker.name] = (0, maker.delay, "raised" if index != winner else "returned")
        else:
            plan[maker.name] = (0, won_at + maker.options.get("cleanup", 0), "cancelled", won_at)
    return jobs.figure(plan, expected_as="the losers cancelled when the winner returns",
                       expected_took=max(end for _, end, *_ in plan.values()))


def expect_losers_stopped(outcome, evidence, left, jobs, makers, winner):
    """Every maker but the winner had failed, or was cancelled at the moment first_success returned."""
    figure = race_figure(jobs, makers, winner)
    if not makers[winner].runs:
        fail(f"{NAME} did not start every maker at once: it returned before makers[{winner}], the first to "
             "succeed, had even started.", evidence, hint="Start every maker's coroutine as a task first.")
    if left.running:
        fail(f"Losers left running: {NAME} returned at {seconds(outcome.elapsed)}, but {len(left.running)} other "
             "maker(s) were still running and nobody cancelled them.", evidence, hint=CANCEL_HINT, figure=figure)
    won_at = makers[winner].runs[0].end
    ran_on = jobs.returned_after(won_at)
    if ran_on:
        fail(f"{NAME} waited for the losers to finish instead of cancelling them: the winner returned at "
             f"{seconds(won_at)}, but {len(ran_on)} other maker(s) ran to the end.", evidence, hint=CANCEL_HINT,
             figure=figure)
    if jobs.cancelled_after(won_at):
        fail(f"{NAME} cancelled the losers late: the winner returned at {seconds(won_at)}, but the others were "
             "cancelled only afterwards.", evidence, hint=CANCEL_HINT, figure=figure)


async def test_returns_the_first_success(exercise):
    jobs = Jobs()
    makers = jobs.makers([(3, "slow"), (1, "fast"), (2, "medium")])
    outcome, evidence, _ = await race(exercise, jobs, makers)
    expect_no_error(outcome, evidence, jobs)
    expect_equal(outcome.value, "fast", what=f"{NAME}(makers returning after 3 s, 1 s and 2 s)", evidence=[evidence],
                 mistakes=[
                     ("slow", f"{NAME} returned the result of makers[0], not of the first maker to succeed: did it "
                              "run the makers one after another?"),
                     (["slow", "fast", "medium"], f"{NAME} returned every result; it must return only the first "
                                                  "success."),
                 ])
    jobs.expect_called_once_each(makers, by=NAME)
    figure = race_figure(jobs, makers, 1)
    expect_duration(outcome.elapsed, 1.0, what=NAME, evidence=[evidence], figure=figure, mistakes={
        3.0: f"{NAME} waited for every maker to finish instead of returning at the first success.",
        6.0: f"{NAME} ran the makers one after another instead of all at once.",
    })


async def test_a_failure_that_comes_first_is_ignored(exercise):
    jobs = Jobs()
    flaky = ValueError("flaky")
    makers = jobs.makers([(2, "steady"), (0.5, flaky), (3, "late"), (1, KeyError("down"))])
    outcome, evidence, _ = await race(exercise, jobs, makers)
    first = f"makers[1] raised {flaky!r} at 0.5 s, but others were still running and could succeed"
    if outcome.error is flaky:
        fail(f"{NAME} gave up on the first to finish even though it failed: {first}.", evidence, hint=FAILURE_HINT)
    expect_no_error(outcome, evidence, jobs)
    expect_equal(outcome.value, "steady", what=NAME, evidence=[evidence], hint=FAILURE_HINT, mistakes=[
        (flaky, f"{NAME} returned the first to finish even though it failed: {first}."),
    ])
    expect_duration(outcome.elapsed, 2.0, what=NAME, evidence=[evidence])


async def test_the_losers_are_cancelled_at_once(exercise):
    jobs = Jobs()
    makers = jobs.makers([(3, "slow"), (1, "fast"), (5, "slower"), (0.5, ValueError("down"))])
    outcome, evidence, left = await race(exercise, jobs, makers)
    expect_no_error(outcome, evidence, jobs)
    expect_losers_stopped(outcome, evidence, left, jobs, makers, winner=1)
    expect_equal(outcome.value, "fast", what=NAME, evidence=[evidence])


async def test_waits_for_the_losers_to_finish_cancelling(exercise):
    jobs = Jobs()
    makers = jobs.makers([(3, "slow", 0.5), (1, "fast"), (2, "medium", 0.25)])
    outcome, evidence, left = await race(exercise, jobs, makers)
    expect_no_error(outcome, evidence, jobs)
    expect_losers_stopped(outcome, evidence, left, jobs, makers, winner=1)
    if left.cancelled:
        fail(f"{NAME} did not wait for the losers to finish cancelling: it returned at {seconds(outcome.elapsed)} "
             f"while {len(left.cancelled)} cancelled maker(s) were still cleaning up.", evidence,
             figure=race_figure(jobs, makers, 1),
             hint="cancel() only asks a task to stop; it may need a moment to clean up. " + CANCEL_HINT)
    expect_equal(outcome.value, "fast", what=NAME, evidence=[evidence])
    expect_duration(outcome.elapsed, 1.5, what=f"{NAME} (the losers clean up for up to 0.5 s when cancelled)",
                    evidence=[evidence])


async def test_a_success_may_be_none(exercise):
    jobs = Jobs()
    makers = jobs.makers([(1, ValueError("down")), (2, None), (3, "late")])
    outcome, evidence, _ = await race(exercise, jobs, makers)
    expect_no_error(outcome, evidence, jobs)
    expect_equal(outcome.value, None, what=NAME, evidence=[evidence], mistakes=[
        ("late", f"{NAME} skipped a maker that returned None: returning None is a success too."),
    ], hint="Tell success from failure by whether the maker raised, not by the value it returned.")
    expect_duration(outcome.elapsed, 2.0, what=NAME, evidence=[evidence])


async def test_when_all_fail_an_exception_group_in_input_order(exercise):
    jobs = Jobs()
    errors = [ValueError("makers[0] failed"), KeyError("makers[1] failed"), OSError("makers[2] failed")]
    makers = jobs.makers([(2, errors[0]), (0.5, errors[1]), (1, errors[2])])
    outcome, evidence, _ = await race(exercise, jobs, makers)
    error = outcome.error
    if error is None:
        fail(f"{NAME} returned {outcome.value!r} although every maker failed: it must raise "
             "ExceptionGroup(\"all failed\", [...]).", evidence, hint=GROUP_HINT)
    if error is errors[1]:
        fail(f"{NAME} gave up on the first to finish even though it failed: it raised {error!r} at "
             f"{seconds(outcome.elapsed)}, while the others were still running.", evidence, hint=GROUP_HINT)
    if not isinstance(error, ExceptionGroup):
        fail(f"{NAME} raised {error!r}; when every maker fails it must raise ExceptionGroup(\"all failed\", "
             "[their exceptions in the order of makers]).", evidence, hint=GROUP_HINT)
    held = list(error.exceptions)
    if not identical(held, errors):
        shown = f"Its exceptions: {held!r}; expected {errors!r}."
        if identical(held, [errors[1], errors[2], errors[0]]):
            fail(f"{NAME}'s ExceptionGroup lists the exceptions in the order the makers failed, not in the order "
                 "of makers.", shown, evidence, hint=GROUP_HINT)
        fail(f"{NAME}'s ExceptionGroup does not hold exactly the makers' exceptions, in the order of makers.",
             shown, evidence, hint=GROUP_HINT)
    if error.message != "all failed":
        fail(f"{NAME}'s ExceptionGroup has the message {error.message!r}; it must be \"all failed\".", evidence,
             hint=GROUP_HINT)
    expect_duration(outcome.elapsed, 2.0, what=f"{NAME} when every maker fails (the last at 2 s)",
                    evidence=[evidence])


async def test_a_cancellation_of_first_success_is_not_swallowed(exercise):
    jobs = Jobs()
    makers = jobs.makers([(2, "a"), (3, "b"), (1, ValueError("down"))])
    expect_async_def(exercise.first_success, NAME)
    outcome = await outcome_of(exercise.first_success(makers), cancel_at=1.5, wait=PATIENCE)
    evidence = jobs.timeline(f"The makers ({NAME} was cancelled at 1.5 s; loop seconds):")
    await stop_tasks()
    hint = ("Catch `Exception` around a maker's outcome, never BaseException or a bare `except:`: a CancelledError "
            f"there is the cancellation of {NAME} itself, not a maker's failure.")
    if outcome.state == "still running":
        fail(f"{NAME} swallowed its own cancellation: it was cancelled at 1.5 s and was still running "
             f"{seconds(PATIENCE)} later.", evidence, hint=hint)
    if not outcome.cancelled:
        fail(f"{NAME} swallowed its own cancellation: it was cancelled at 1.5 s, while it waited for the makers, "
             "but it took the CancelledError for one more failure and went on.", outcome.describe(NAME), evidence,
             hint=hint)
    expect_duration(outcome.elapsed, 1.5, what=f"{NAME}, cancelled at 1.5 s,", evidence=[evidence], hint=hint)
