"""bounded_gather: at most `limit` makers at once, a free slot refilled at once, results in order."""
import pytest

from grader.harness import (
    TOLERANCE,
    Jobs,
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_times,
    fail,
    greedy_schedule,
    outcome_of,
    seconds,
)

NAME = "bounded_gather"
SEMAPHORE_HINT = ("Share one `asyncio.Semaphore(limit)`; wrap each maker in a coroutine that does "
                  "`async with semaphore: return await make()`, and gather those wrappers.")

# Durations chosen so that each way of limiting takes its own time with limit 3:
#   a slot refilled as soon as it frees (greedy) .............. 5 s, makers starting at 0, 0, 0, 1, 1, 2, 3, 3
#   batches of 3, each gathered before the next ............... 8 s
#   three workers, each given every third maker in advance .... 7 s
#   one after another ......................................... 13 s
#   no limit at all ........................................... 4 s
MIXED = [1, 4, 1, 2, 1, 1, 1, 2]


async def run(exercise, jobs, makers, limit):
    expect_async_def(exercise.bounded_gather, NAME)
    outcome, evidence, _ = await jobs.outcome_of(exercise.bounded_gather(makers, limit),
                                                 title=f"The makers (limit {limit}; loop seconds):")
    if outcome.raised and jobs.escaped(outcome.error) is None:
        fail(f"{NAME} raised {outcome.error!r}.", evidence)
    return outcome, evidence


def refilled_at_once(jobs, makers, limit):
    """A figure of the makers' runs above the schedule a slot refilled at once gives (greedy_schedule)."""
    starts, finish = greedy_schedule([maker.delay for maker in makers], limit)
    plan = {maker.name: (start, start + maker.delay) for maker, start in zip(makers, starts, strict=True)}
    return jobs.figure(plan, expected_as=f"{limit} at a time, each slot refilled at once", expected_took=finish)


def expect_within_limit(jobs, limit, evidence, makers=None):
    if jobs.max_in_flight > limit:
        fail(f"{NAME} is exceeding the limit: {jobs.max_in_flight} makers ran at the same moment; the limit was "
             f"{limit}.", evidence, figure=refilled_at_once(jobs, makers, limit) if makers else None,
             hint="Take a semaphore slot before the maker's coroutine starts: call make() and await it inside "
                  "`async with semaphore:`. A task created earlier is already running.")


def expect_in_order(outcome, values, makers, evidence, *, what):
    """The results are `values`, the values of makers[0], makers[1], ... in that order."""
    ends = [(maker.runs[-1].end or 0.0) if maker.runs else 0.0 for maker in makers]
    finished = [values[index] for index in sorted(range(len(values)), key=lambda index: ends[index])]
    expect_equal(outcome.value, values, what=what, evidence=[evidence], mistakes=[
        (finished, f"{NAME} listed the results in the order the makers finished, not in the order of makers."),
    ], hint="asyncio.gather keeps the order you pass the awaitables in; or store each result at its maker's index.")


def idle_slot(jobs, limit):
    """The first moment at which a slot stood free while a maker that started later was waiting."""
    runs = [run for run in jobs.runs if run.start is not None and run.end is not None]
    moments = sorted({run.start for run in runs} | {run.end for run in runs})
    for moment in moments:
        running = sum(run.start <= moment + TOLERANCE and run.end > moment + TOLERANCE for run in runs)
        waiting = [run for run in runs if run.start > moment + TOLERANCE]
        if running < limit and waiting:
            return moment, running, waiting
    return None


async def test_ten_one_second_makers_with_limit_three(exercise):
    jobs = Jobs()
    makers = jobs.makers([(1, n) for n in range(10)])
    outcome, evidence = await run(exercise, jobs, makers, 3)
    expect_equal(outcome.value, list(range(10)), what=f"{NAME}(ten makers returning 0 to 9, limit 3)",
                 evidence=[evidence])
    jobs.expect_called_once_each(makers, by=NAME)
    expect_within_limit(jobs, 3, evidence, makers)
    expect_duration(outcome.elapsed, 4.0, what=f"{NAME} of ten 1-second makers with limit 3", evidence=[evidence],
                    hint=SEMAPHORE_HINT, figure=refilled_at_once(jobs, makers, 3), mistakes={
                        10.0: f"{NAME} is sequential: it ran one maker at a time (10 s) instead of 3 at a time (4 s).",
                    })


async def test_never_more_than_limit_at_once(exercise):
    jobs = Jobs()
    makers = jobs.makers([(0.5, "a"), (1.5, "b"), (1, "c"), (0.25, "d"), (2, "e"), (0.75, "f")])
    _, evidence = await run(exercise, jobs, makers, 2)
    expect_within_limit(jobs, 2, evidence, makers)
    jobs.expect_called_once_each(makers, by=NAME)


async def test_a_free_slot_is_refilled_at_once(exercise):
    jobs = Jobs()
    makers = jobs.makers([(delay, f"m{index}") for index, delay in enumerate(MIXED)])
    outcome, evidence = await run(exercise, jobs, makers, 3)
    expect_within_limit(jobs, 3, evidence, makers)
    jobs.expect_called_once_each(makers, by=NAME)
    figure = refilled_at_once(jobs, makers, 3)
    starts, finish = greedy_schedule(MIXED, 3)
    what = f"{NAME} of makers taking {', '.join(seconds(d) for d in MIXED)} with limit 3"
    hint = ("Start the next maker the moment any running one finishes: a semaphore does that by itself, "
            "or a fixed number of workers each taking the next maker from a shared queue.")
    measured = f"{what} took {seconds(outcome.elapsed)} of loop time; expected {seconds(finish)}."
    for duration, headline in {
        8.0: f"{NAME} ran fixed batches: it waited for a whole batch before starting the next, so free slots sat "
             "idle while each batch's slowest maker finished.",
        13.0: f"{NAME} is sequential: it ran one maker at a time.",
    }.items():
        if abs(outcome.elapsed - duration) < 0.01:
            fail(headline, measured, evidence, hint=hint, figure=figure)
    found = idle_slot(jobs, 3)
    if found:
        moment, running, waiting = found
        fail(f"{NAME} left a slot idle: at {seconds(moment)} only {running} of 3 slots were busy while "
             f"{len(waiting)} maker(s) still waited; a new maker must start as soon as one finishes.",
             f"It took {seconds(outcome.elapsed)}; refilling every slot at once takes {seconds(finish)}.", evidence,
             hint=hint, figure=figure)
    expect_duration(outcome.elapsed, finish, what=what, evidence=[evidence], hint=hint, figure=figure)
    expect_times([run.start for run in jobs.runs], starts, what="the moments the makers started",
                 evidence=[evidence], hint=hint, figure=figure)


async def test_results_in_the_order_of_makers(exercise):
    jobs = Jobs()
    values = ["slow", "quick", 2, "quickest"]
    makers = jobs.makers(list(zip([3, 1, 1.5, 0.25], values)))
    outcome, evidence = await run(exercise, jobs, makers, 2)
    expect_in_order(outcome, values, makers, evidence, what=f"{NAME}(four makers, limit 2)")


@pytest.mark.parametrize("limit", [1, 5])
async def test_other_limits(exercise, limit):
    jobs = Jobs()
    makers = jobs.makers([(1, "a"), (2, "b"), (0.5, "c")])
    outcome, evidence = await run(exercise, jobs, makers, limit)
    expect_within_limit(jobs, limit, evidence)
    expect_in_order(outcome, ["a", "b", "c"], makers, evidence, what=f"{NAME}(three makers, limit {limit})")
    _, expected = greedy_schedule([1, 2, 0.5], limit)
    expect_duration(outcome.elapsed, expected, what=f"{NAME} of makers taking 1 s, 2 s and 0.5 s with limit {limit}",
                    evidence=[evidence], hint=SEMAPHORE_HINT)


async def test_no_makers_no_results(exercise):
    expect_async_def(exercise.bounded_gather, NAME)
    outcome = await outcome_of(exercise.bounded_gather([], 3))
    if outcome.raised:
        fail(f"{NAME}([], 3) raised {outcome.error!r}; with no makers it should return [] at once.",
             hint="asyncio.wait refuses an empty set, while asyncio.gather() of nothing gives [].")
    expect_equal(outcome.value, [], what=f"{NAME}([], 3)")
    expect_duration(outcome.elapsed, 0.0, what=f"{NAME}([], 3)")


async def test_a_failure_propagates(exercise):
    jobs = Jobs()
    failure = ValueError("makers[1] failed")
    outcome, evidence = await run(exercise, jobs, jobs.makers([(1, "a"), (0.5, failure), (2, "c")]), 2)
    if not outcome.raised:
        fail(f"{NAME} swallowed the failure of makers[1]: it returned {outcome.value!r} instead of raising "
             f"{failure!r}.", evidence, hint="Let the exception propagate: gather raises it unless you pass "
                                             "return_exceptions=True.")
