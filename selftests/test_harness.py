"""The harness helpers themselves: each must be able to fail, and say why."""
from __future__ import annotations

import asyncio
import time

import pytest

from grader.harness import Heartbeat, Jobs, expect_duration, expect_equal, expect_no_tasks_left, same

Failed = pytest.fail.Exception


class AlwaysEqual:
    def __eq__(self, other):
        return True


def test_same_is_not_fooled_by_a_rigged_eq():
    assert not same(AlwaysEqual(), [1, 2])
    assert not same([AlwaysEqual()], [1])
    assert not same({"a": AlwaysEqual()}, {"a": 1})
    assert same([1, 2.0, ("x", None)], [1.0, 2, ("x", None)])
    assert not same(True, 1) and not same([1], (1,))


def test_expect_equal_names_the_known_mistake():
    with pytest.raises(Failed, match="^sorted instead of in order"):
        expect_equal([1, 2], [2, 1], what="f()", mistakes=[([1, 2], "sorted instead of in order")])
    with pytest.raises(Failed, match="returned the wrong result"):
        expect_equal([3], [2, 1], what="f()")


async def test_expect_equal_names_a_missing_await():
    async def forty_two():
        return 42

    with pytest.raises(Failed, match="returned a coroutine object instead of its result"):
        expect_equal(forty_two(), 42, what="f()")


def test_expect_duration_names_the_mistake_and_the_measurement():
    expect_duration(2.02, 2.0, what="f")
    with pytest.raises(Failed, match="(?s)^ran one after another.*f took 3.0 s of loop time; expected about 2.0 s"):
        expect_duration(3.0, 2.0, what="f", mistakes={3.0: "ran one after another"})
    with pytest.raises(Failed, match="f was too fast"):
        expect_duration(0.5, 2.0, what="f")


async def test_heartbeat_sees_a_blocked_loop_and_not_a_free_one():
    # Real time: 0.5 s allowed between ticks, against a 1.0 s freeze; a loaded machine ticks far
    # more often than every 0.5 s, and a frozen loop cannot tick at all.
    async with Heartbeat(interval=0.01) as free:
        await asyncio.sleep(0.3)
    free.expect_responsive(what="sleeping", max_gap=0.5)
    async with Heartbeat(interval=0.01) as blocked:
        time.sleep(1.0)
    with pytest.raises(Failed, match="The event loop froze while blocking ran"):
        blocked.expect_responsive(what="blocking", max_gap=0.5)


async def test_leftover_tasks_are_named():
    async def forever():
        await asyncio.Event().wait()

    asyncio.create_task(forever())
    with pytest.raises(Failed, match="(?s)left 1 task.*forever"):
        await expect_no_tasks_left("f")


async def test_jobs_record_a_timeline_and_recognise_their_exceptions():
    jobs = Jobs()
    boom = ValueError("boom")
    results = await asyncio.gather(jobs.coro(0.01, "a"), jobs.coro(0.02, error=boom), return_exceptions=True)
    assert results == ["a", boom] and jobs.max_in_flight == 2 and not jobs.unfinished()
    assert "coroutine raising ValueError('boom')" in jobs.timeline() and "raised at" in jobs.timeline()
    assert jobs.escaped(ExceptionGroup("g", [boom])) is boom and jobs.escaped(ValueError("boom")) is None


async def test_a_maker_makes_a_fresh_recorded_run_per_call():
    jobs = Jobs()
    make = jobs.maker(0.01, "x")
    assert await make() == "x" and await make() == "x"
    assert len(jobs.runs) == 2 and not jobs.unfinished()
