"""collect_until: the items a source yields before the deadline, returned at the deadline or at its end."""
import asyncio

from grader.harness import (
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    fail,
    loop_steps,
    seconds,
    timed,
)

TIMEOUT_HINT = ("Put the whole `async for` inside `async with asyncio.timeout(seconds):`, append each item as "
                "it comes, and catch the TimeoutError outside the block.")


class Source:
    """A scripted source: yields each item at its loop time (seconds after the source was made), then ends
    at `end`. It records what it yielded and what happened to the step that waits for the next item.

    `Source(...).generator()` is an async generator; the Source itself is a plain async iterator class."""

    def __init__(self, schedule, end):
        self.loop = asyncio.get_running_loop()
        self.start = self.loop.time()
        self.schedule = list(schedule)
        self.end = end
        self.events = []
        self.waiting = False  # a step is waiting for the next item
        self.cancelled = False

    def now(self):
        return self.loop.time() - self.start

    async def step(self):
        if not self.schedule and self.end is None:
            raise StopAsyncIteration
        due, item = self.schedule[0] if self.schedule else (self.end, None)
        self.waiting = True
        try:
            await asyncio.sleep(max(0.0, due - self.now()))
        except asyncio.CancelledError:
            self.cancelled = True
            self.events.append(f"  the step waiting for the next item (due at {seconds(due)}) was cancelled "
                               f"at {seconds(self.now())}")
            raise
        finally:
            self.waiting = False
        if not self.schedule:
            self.end = None
            self.events.append(f"  the source ended at {seconds(self.now())}")
            raise StopAsyncIteration
        self.schedule.pop(0)
        self.events.append(f"  yielded {item!r} at {seconds(self.now())}")
        return item

    def __aiter__(self):
        return self

    async def __anext__(self):
        return await self.step()

    async def generator(self):
        while True:
            try:
                item = await self.step()
            except StopAsyncIteration:
                return
            yield item

    def timeline(self):
        lines = list(self.events)
        if self.waiting:
            due = self.schedule[0][0] if self.schedule else self.end
            lines.append(f"  still waiting for its next item (due at {seconds(due)})")
        return "The source (loop seconds):\n" + "\n".join(lines or ["  nothing happened: it was never read"])


async def collect(exercise, source, seconds_, iterator=None):
    """Time collect_until(iterator, seconds_), naming the mistake if it raises."""
    expect_async_def(exercise.collect_until, "collect_until")
    try:
        return await timed(exercise.collect_until(iterator or source.generator(), seconds_))
    except TimeoutError:
        problem = None
    except AttributeError as error:
        if iterator is None or error.obj is not iterator:  # not the plain async iterator lacking a method
            raise
        problem = f"{type(iterator).__name__} has no {error.name}()"
    evidence = source.timeline()
    if problem is None:
        fail("collect_until let the TimeoutError escape at the deadline; it must return the items it "
             "collected.", evidence, hint=TIMEOUT_HINT)
    fail(f"collect_until used something only async generators have ({problem}); the source may be any "
         "async iterator.", evidence,
         hint="Use only what every async iterator has: `async for`, or `anext(source)`.")


async def expect_step_cancelled(source, what):
    """When collect_until returned, the step waiting for the next item had been cancelled."""
    if not source.waiting:
        return
    evidence = source.timeline()
    await loop_steps()  # a cancellation already requested arrives now
    if source.cancelled:
        fail(f"{what} cancelled the source's pending step but returned before that step had finished.", evidence,
             hint="task.cancel() only asks a task to stop: wait for it too (await asyncio.wait([task])). "
                  + TIMEOUT_HINT)
    fail(f"{what} left the source's pending step running after the deadline: the source was still waiting "
         "for its next item, so it was never stopped.", evidence,
         hint="asyncio.wait(..., timeout=...) only stops waiting; the task goes on. " + TIMEOUT_HINT)


def overran(next_item, per_item):
    """The durations of two ways to overrun the deadline: waiting for the next item (due at `next_item`),
    and giving every item the whole timeout (ending at `per_item`)."""
    return {
        next_item: "collect_until checked the clock only between items: it overran the deadline, waiting for "
                   f"the next item (at {seconds(next_item)}).",
        per_item: "collect_until overran the deadline: did the timeout start again for every item?",
    }


async def test_returns_at_the_deadline_with_the_items_so_far(exercise):
    source = Source([(0.5, "first"), (1.0, 2), (1.65, "just before"), (2.5, "late"), (3.0, "later")], end=4.0)
    result, elapsed = await collect(exercise, source, 1.75)
    what = "collect_until(<items at 0.5, 1.0, 1.65, 2.5 and 3.0 s; ends at 4.0 s>, 1.75)"
    expect_duration(elapsed, 1.75, what=what, evidence=[source.timeline()], mistakes=overran(2.5, 4.0),
                    hint=TIMEOUT_HINT)
    expect_equal(result, ["first", 2, "just before"], what=what, evidence=[source.timeline()], mistakes=[
        (["first", 2], "collect_until lost the item that arrived just before the deadline."),
        ([], "collect_until lost the items it collected before the deadline: it returned []."),
    ], hint=TIMEOUT_HINT)


async def test_the_pending_step_is_cancelled_at_the_deadline(exercise):
    source = Source([(0.4, "tick"), (2.1, "tock"), (5.0, "too late")], end=6.0)
    result, elapsed = await collect(exercise, source, 2.2)
    what = "collect_until(<items at 0.4, 2.1 and 5.0 s>, 2.2)"
    await expect_step_cancelled(source, "collect_until")
    expect_duration(elapsed, 2.2, what=what, evidence=[source.timeline()], mistakes=overran(5.0, 4.3),
                    hint=TIMEOUT_HINT)
    expect_equal(result, ["tick", "tock"], what=what, evidence=[source.timeline()])
    await expect_no_tasks_left("collect_until")


async def test_returns_when_the_source_ends_early(exercise):
    for schedule, end, expected in [([(0.5, "x"), (0.75, None), (1.0, 0)], 1.25, ["x", None, 0]), ([], 0.0, [])]:
        source = Source(schedule, end=end)
        result, elapsed = await collect(exercise, source, 5.0)
        times = ", ".join(f"{at:g}" for at, _ in schedule)
        what = f"collect_until(<{f'items at {times} s, ' if times else 'no items, '}ends at {end:g} s>, 5)"
        expect_duration(elapsed, end, what=what, evidence=[source.timeline()], mistakes={
            5.0: "collect_until did not return when the source ended: it waited for the deadline anyway.",
        }, hint="When the source ends, `async for` ends too (and anext raises StopAsyncIteration): return then.")
        expect_equal(result, expected, what=what, evidence=[source.timeline()])


async def test_works_with_any_async_iterator(exercise):
    source = Source([(0.3, "p"), (0.6, "q"), (3.0, "r")], end=4.0)
    result, elapsed = await collect(exercise, source, 1.0, iterator=source)
    what = "collect_until(<an async iterator (not a generator) with items at 0.3, 0.6 and 3.0 s>, 1)"
    await expect_step_cancelled(source, "collect_until")
    expect_duration(elapsed, 1.0, what=what, evidence=[source.timeline()], mistakes=overran(3.0, 1.6),
                    hint=TIMEOUT_HINT)
    expect_equal(result, ["p", "q"], what=what, evidence=[source.timeline()])
    await expect_no_tasks_left("collect_until")
