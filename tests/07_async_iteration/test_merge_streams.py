"""merge: every item of every source as it arrives; an early aclose() or a failing source cancels the reads,
leaves no task, and a source's error reaches the consumer."""
import asyncio
import inspect

from grader.harness import (
    CANCELLED,
    EXHAUSTED,
    OPEN,
    PATIENCE,
    Feed,
    expect_duration,
    expect_equal,
    fail,
    leaves,
    seconds,
    timed,
)

AT_ONCE_HINT = ("Read every source at once, each in its own task (for example copying its items into an "
                "asyncio.Queue), and yield whatever comes first.")
CLEANUP_HINT = ("Wrap the loop that yields in try/finally; in the finally, cancel every task you started and "
                "wait for them: `await asyncio.gather(*tasks, return_exceptions=True)`.")
ERROR_HINT = ("In each pump, catch the source's exception and put it on the queue too (say, as (DONE, error)); "
              "when the generator takes it off, it raises it, and its finally cancels the other pumps.")


class SensorError(Exception):
    """A source's own failure, raised only by these tests."""


def open_merge(exercise, *sources):
    """merge(*sources), failing clearly unless it is an async generator."""
    made = exercise.merge(*sources)
    if inspect.iscoroutine(made):
        made.close()
        fail("merge is a coroutine function that returns once, not an async generator: it must `yield` each "
             "item as it arrives.")
    if not hasattr(made, "__anext__") or not hasattr(made, "aclose"):
        fail(f"merge(...) returned {made!r}, not an async generator (it needs __anext__ and aclose()).",
             hint="Write merge as `async def` with `yield` in it.")
    return made


async def collect(merged, limit=50):
    """Every item of merged with the loop time it came at; and when merged ended."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    seen = []
    async for item in merged:
        seen.append((round(loop.time() - start, 3), item))
        if len(seen) >= limit:
            break
    return seen, loop.time() - start


def shown(seen):
    return "merge yielded: " + (", ".join(f"{item!r} at {seconds(moment)}" for moment, item in seen) or "nothing")


def unfinished_tasks():
    current = asyncio.current_task()
    return [task for task in asyncio.all_tasks() if task is not current and not task.done()]


def expect_no_task_left(what, feed):
    """No task but the test's own is unfinished right now (not even one that is about to finish)."""
    left = unfinished_tasks()
    if not left:
        return
    if all(task.cancelling() for task in left):
        headline = (f"merge cancelled its tasks but did not wait for them to finish: after {what}, "
                    f"{len(left)} task(s) were still running.")
    else:
        headline = f"merge left tasks behind: after {what}, {len(left)} task(s) were still running."
    for task in left:
        task.cancel()  # do not leak into the next test
    fail(headline, "Still running:", *(f"  {getattr(t.get_coro(), '__qualname__', t.get_coro())}" for t in left),
         feed.timeline(), hint=CLEANUP_HINT)


def expect_prompt_close(elapsed, expected, feed, *, what, evidence, mistakes=None):
    if elapsed > expected + 0.05 and all(run.outcome == EXHAUSTED for run in feed.runs):
        fail(f"{what} waited for the sources to run out instead of cancelling the pending reads.",
             f"It took {seconds(elapsed)} of loop time; expected about {seconds(expected)}.", *evidence,
             hint=CLEANUP_HINT)
    expect_duration(elapsed, expected, what=what, evidence=evidence, hint=CLEANUP_HINT, mistakes=mistakes)


async def close_early(merged, feed):
    """await merged.aclose(), naming the mistake if it raises; how long it took."""
    try:
        _, elapsed = await timed(merged.aclose())
        return elapsed
    except (Exception, BaseExceptionGroup) as error:
        if isinstance(error, asyncio.CancelledError):
            raise
        raised = repr(error)
    for task in unfinished_tasks():
        task.cancel()
    fail(f"Closing merge early with aclose() raised {raised}.", feed.timeline(),
         hint="aclose() raises GeneratorExit at the `yield`; let it through. A TaskGroup around the `yield` "
              "turns it into an exception group: manage the tasks yourself in try/finally instead.")


async def test_yields_every_item_as_it_arrives(exercise):
    feed = Feed()
    merged = open_merge(exercise,
                        feed.stream("A", [(1, "a1"), (3, "a2")]),
                        feed.stream("B", [(2, "b1"), (1, "b2"), (2, "b3")]),
                        feed.stream("C", [(0.5, "c1")], tail=5.5))
    seen, ended = await collect(merged)
    items = [item for _, item in seen]
    evidence = [shown(seen), feed.timeline()]
    expect_equal(items, ["c1", "a1", "b1", "b2", "a2", "b3"], what="the items of merge(A, B, C), in order",
                 evidence=evidence, hint=AT_ONCE_HINT, mistakes=[
        (["a1", "a2", "b1", "b2", "b3", "c1"], "merge read the sources one after another: it finished A before "
                                               "reading B, so items of B and C waited for no reason."),
        (["a1", "b1", "c1", "a2", "b2", "b3"], "merge took the sources in turns (round-robin): it waited for the "
                                               "source whose turn it was while other items were already there."),
        (["c1", "a1", "b1", "b2", "a2"], "merge stopped when the first source ran out (A, at 4.0 s): it must go "
                                         "on until every source is exhausted."),
    ])
    expect_equal([moment for moment, _ in seen], [0.5, 1.0, 2.0, 3.0, 4.0, 5.0],
                 what="the moments merge yielded c1, a1, b1, b2, a2 and b3 (loop seconds)", evidence=evidence,
                 hint=AT_ONCE_HINT, mistakes=[
        ([ended] * 6, "merge held the items back until every source was done: yield each one as soon as it "
                      "arrives."),
    ])
    expect_duration(ended, 6.0, what="merge(A, B, C)", evidence=evidence, mistakes={
        5.0: "merge ended before every source was exhausted: C ends only at 6.0 s.",
    })
    expect_no_task_left("merge ended", feed)


async def test_ends_when_every_source_is_exhausted(exercise):
    seen, ended = await collect(open_merge(exercise))
    expect_equal(seen, [], what="the items of merge() with no sources")
    expect_duration(ended, 0.0, what="merge() with no sources")

    feed = Feed()
    merged = open_merge(exercise, feed.stream("A", [], tail=1), feed.stream("B", [(0.5, "b1")]),
                        feed.stream("C", [], tail=3))
    seen, ended = await collect(merged)
    evidence = [shown(seen), feed.timeline()]
    expect_equal([item for _, item in seen], ["b1"], what="the items of merge(A, B, C)", evidence=evidence)
    expect_duration(ended, 3.0, what="merge(A, B, C) (the last source, C, ends at 3.0 s)", evidence=evidence,
                    mistakes={
        0.5: "merge ended when the first source ran out (B, at 0.5 s): it must go on until every source is exhausted.",
        1.0: "merge ended before every source was exhausted: C ends only at 3.0 s.",
    })
    expect_no_task_left("merge ended", feed)


def by_source(items):
    return {label: [item for item in items if item.startswith(label.lower())] for label in "ABC"}


async def test_no_item_lost_when_items_arrive_together(exercise):
    feed = Feed()
    merged = open_merge(exercise,
                        feed.stream("A", [(1, "a1"), (0, "a2"), (1, "a3")]),
                        feed.stream("B", [(1, "b1"), (1, "b2"), (0, "b3")]),
                        feed.stream("C", [(0, "c1"), (2, "c2")]))
    seen, _ = await collect(merged)
    evidence = [shown(seen), feed.timeline()]
    expect_equal(by_source([item for _, item in seen]),
                 {"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"], "C": ["c1", "c2"]},
                 what="the items of merge(A, B, C) (several arriving at the same moment), grouped by source",
                 evidence=evidence, hint="Every item must come out exactly once, in its source's order, even "
                                         "when several arrive at the same moment.")
    expect_equal(sorted(seen), [(0.0, "c1"), (1.0, "a1"), (1.0, "a2"), (1.0, "b1"), (2.0, "a3"), (2.0, "b2"),
                                (2.0, "b3"), (2.0, "c2")],
                 what="the (moment, item) pairs of merge(A, B, C), sorted", evidence=evidence, hint=AT_ONCE_HINT)


async def test_a_slow_consumer_gets_every_item(exercise):
    feed = Feed()
    merged = open_merge(exercise,
                        feed.stream("A", [(0.5, f"a{i}") for i in range(1, 6)]),
                        feed.stream("B", [(1, f"b{i}") for i in range(1, 4)]))
    got = []
    async for item in merged:
        got.append(item)
        if len(got) > 20:
            break
        await asyncio.sleep(1)  # the consumer needs 1 s per item: items pile up meanwhile
    expect_equal(by_source(got), {"A": ["a1", "a2", "a3", "a4", "a5"], "B": ["b1", "b2", "b3"], "C": []},
                 what="the items a consumer that spends 1 s on each got from merge(A, B), grouped by source",
                 evidence=[f"The consumer got: {got!r}", feed.timeline()],
                 hint="While the consumer is busy, items keep arriving: keep every one of them (a Queue does).")


async def test_an_early_aclose_cancels_the_pending_reads(exercise):
    feed = Feed()
    merged = open_merge(exercise,
                        feed.stream("A", [(1, f"a{i}") for i in range(10)]),
                        feed.stream("B", [(1.5, f"b{i}") for i in range(10)]),
                        feed.stream("C", [(0.7, f"c{i}") for i in range(10)]))
    got = [await anext(merged) for _ in range(3)]
    closing = asyncio.get_running_loop().time()
    elapsed = await close_early(merged, feed)
    expect_no_task_left("an early aclose()", feed)
    evidence = [f"The consumer took {got!r}, then called aclose() at {seconds(closing)}.", feed.timeline()]
    expect_prompt_close(elapsed, 0.0, feed, what="merge's aclose()", evidence=evidence)
    still_reading = [run.label for run in feed.runs if run.waiting and run.outcome == OPEN]
    if still_reading:
        fail(f"After an early aclose(), merge left the pending reads of {', '.join(still_reading)} running: "
             "cancel them.", *evidence, hint=CLEANUP_HINT)


async def test_an_early_aclose_waits_for_the_cancelled_reads_to_finish(exercise):
    feed = Feed()
    merged = open_merge(exercise,
                        feed.stream("A (cleans up for 0.5 s when cancelled)", [(1, f"a{i}") for i in range(10)],
                                    cleanup=0.5),
                        feed.stream("B", [(1.5, f"b{i}") for i in range(10)]))
    got = [await anext(merged) for _ in range(2)]
    closing = asyncio.get_running_loop().time()
    elapsed = await close_early(merged, feed)
    expect_no_task_left("an early aclose()", feed)
    cleaning = feed.runs[0].outcome.startswith(CANCELLED)
    expect_prompt_close(elapsed, 0.5, feed, what="merge's aclose() (source A cleans up for 0.5 s when cancelled)",
                        evidence=[f"The consumer took {got!r}, then called aclose() at {seconds(closing)}.",
                                  feed.timeline()], mistakes={
        0.0: "merge cancelled its tasks but did not wait for them to finish: source A was still cleaning up.",
    } if cleaning else None)


async def read_until_it_fails(merged):
    """Read merged to its end, in this task (so that what it left behind is seen as it left it): the items
    with their loop times, what it raised (None if it ended normally), when, and whether it hung."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    seen, raised, hung = [], None, False
    try:
        async with asyncio.timeout(PATIENCE) as patience:
            async for item in merged:
                seen.append((round(loop.time() - start, 3), item))
    except TimeoutError as error:
        if patience.expired():
            hung = True
        else:
            raised = error
    except Exception as error:  # what merge raised is the diagnosis
        raised = error
    return seen, raised, loop.time() - start, hung


async def expect_the_error_comes_through(merged, feed, error, *, failed_at):
    """merge raises the failing source's `error` itself, promptly, leaving no task: the items before it."""
    seen, raised, ended, hung = await read_until_it_fails(merged)
    evidence = [shown(seen), feed.timeline()]
    if hung:
        for task in unfinished_tasks():
            task.cancel()
        fail(f"merge hung when a source raised: the source failed with {error!r} at {seconds(failed_at)}, and "
             f"the consumer was still waiting {seconds(PATIENCE)} later.",
             "The pump's task ended with the exception, nobody looked at it, and no end marker ever came.",
             *evidence, hint=ERROR_HINT)
    expect_no_task_left("a source raised", feed)
    if raised is None:
        fail(f"merge lost the error: a source raised {error!r} at {seconds(failed_at)}, but merge ended as if "
             "every source had simply run out.", *evidence, hint=ERROR_HINT)
    if raised is not error and any(leaf is error for leaf in leaves(raised)):
        fail(f"merge raised {type(raised).__name__} holding the source's error, not the error itself: the consumer "
             f"must get {error!r} as it is.", f"It raised {raised!r}.", *evidence,
             hint="Unwrap it: `except* SensorError`, or better, hand the error itself through the queue and raise it.")
    if raised is not error:
        fail(f"merge raised {raised!r} instead of the source's own error, {error!r}.", *evidence, hint=ERROR_HINT)
    still_reading = [run.label for run in feed.runs if run.waiting and run.outcome == OPEN]
    if still_reading:
        fail(f"When a source raised, merge left the pending reads of {', '.join(still_reading)} running: cancel "
             "them.", *evidence, hint=CLEANUP_HINT)
    after = [item for moment, item in seen if moment > failed_at + 0.001]
    if after:
        fail(f"merge went on after a source raised: the source failed with {error!r} at {seconds(failed_at)}, but "
             f"merge still yielded {after!r} from the others and raised the error only at {seconds(ended)}.",
             *evidence, hint="Raise the error as soon as it comes off the queue; the finally cancels the other pumps.")
    return seen, ended, evidence


async def test_a_source_error_reaches_the_consumer(exercise):
    feed = Feed()
    error = SensorError("sensor B went offline")
    merged = open_merge(exercise,
                        feed.stream("A", [(1, f"a{i}") for i in range(1, 10)]),
                        feed.stream("B", [(0.5, "b1"), (1, error)]),
                        feed.stream("C", [(4, "c1")]))
    seen, ended, evidence = await expect_the_error_comes_through(merged, feed, error, failed_at=1.5)
    expect_equal(seen, [(0.5, "b1"), (1.0, "a1")], what="the (moment, item) pairs merge yielded before B failed",
                 evidence=evidence, hint=AT_ONCE_HINT)
    expect_duration(ended, 1.5, what="merge until B's error reached the consumer", evidence=evidence,
                    hint="Raise the error as soon as it comes, and cancel the other reads.")


async def test_a_source_that_fails_at_once(exercise):
    feed = Feed()
    error = SensorError("no such sensor")
    merged = open_merge(exercise, feed.stream("A", [(1, "a1"), (1, "a2")]), feed.stream("B", [(0, error)]))
    seen, ended, evidence = await expect_the_error_comes_through(merged, feed, error, failed_at=0.0)
    expect_equal(seen, [], what="the (moment, item) pairs merge yielded before B failed", evidence=evidence)
    expect_duration(ended, 0.0, what="merge until B's error reached the consumer", evidence=evidence)


async def test_a_source_error_waits_for_the_cancelled_reads(exercise):
    feed = Feed()
    error = SensorError("sensor B went offline")
    merged = open_merge(exercise,
                        feed.stream("A (cleans up for 0.5 s when cancelled)", [(1, f"a{i}") for i in range(10)],
                                    cleanup=0.5),
                        feed.stream("B", [(1.5, error)]))
    _, ended, evidence = await expect_the_error_comes_through(merged, feed, error, failed_at=1.5)
    expect_duration(ended, 2.0, what="merge until B's error reached the consumer (A cleans up for 0.5 s when "
                                     "cancelled)", evidence=evidence, hint=CLEANUP_HINT)
