"""The harness helpers themselves: each must be able to fail, and say why."""
from __future__ import annotations

import asyncio
import gc
import os
import shutil
import socket
import subprocess
import sys
import time
import types

import aiohttp
import pytest

from grader.harness import (
    FakeSite,
    Feed,
    Heartbeat,
    Jobs,
    after,
    at_same_moment,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    expect_times,
    greedy_schedule,
    leaves,
    loop_complaints,
    loop_steps,
    outcome_of,
    plugin_explains,
    raise_task_errors,
    rebind,
    same,
    spy,
    stop_tasks,
    tap,
    use_loop_clock,
)
from selftests.conftest import ROOT

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
    with pytest.raises(Failed, match=r"^sorted instead of in order"):
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
    with pytest.raises(Failed, match=r"(?s)^ran one after another.*f took 3\.0 s of loop time; expected about 2\.0 s"):
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

    leftover = asyncio.create_task(forever())
    with pytest.raises(Failed, match=r"(?s)left 1 task.*forever"):
        await expect_no_tasks_left("f")
    assert leftover.done(), "the leftover task was stopped"


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


# --- Outcomes, leftovers and schedules (virtual clock: loop seconds are exact and cost nothing) ---------

virtual = pytest.mark.looptime(end=600)


@virtual
async def test_outcome_of_keeps_what_happened():
    async def give(value, delay):
        await asyncio.sleep(delay)
        return value

    async def cancel_itself():
        await asyncio.sleep(1)
        raise asyncio.CancelledError

    returned = await outcome_of(give("x", 2))
    assert (returned.state, returned.value, returned.elapsed, returned.raised) == ("returned", "x", 2, False)
    boom = ValueError("boom")
    raised = await outcome_of(asyncio.gather(give(1, 1), _raise_after(boom, 0.5)))
    assert raised.state == "raised" and raised.error is boom
    assert raised.describe("f") == "f raised ValueError('boom') at 0.5 s."
    on_its_own = await outcome_of(cancel_itself())
    assert on_its_own.cancelled and on_its_own.raised and on_its_own.elapsed == 1
    await stop_tasks()


async def _raise_after(error, delay):
    await asyncio.sleep(delay)
    raise error


@virtual
async def test_outcome_of_cancels_on_cue_and_gives_up_after_wait():
    async def swallow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            await asyncio.sleep(100)

    cancelled = await outcome_of(asyncio.sleep(10), cancel_at=0.5, wait=5)
    assert cancelled.cancelled and cancelled.elapsed == 0.5
    assert cancelled.describe("f") == "f ended cancelled (CancelledError) at 0.5 s."
    stuck = await outcome_of(swallow(), cancel_at=1, wait=5)
    assert stuck.state == "still running" and stuck.elapsed is None and not stuck.task.done()
    assert await stop_tasks([stuck.task]) == [stuck.task] and stuck.task.done()


@virtual
async def test_outcome_of_lets_the_plugin_explain_a_stub_and_a_blocking_call():
    async def stub():
        raise NotImplementedError("f")

    with pytest.raises(NotImplementedError):
        await outcome_of(stub())
    with pytest.raises(ExceptionGroup):
        await outcome_of(_group_of(stub()), cancel_at=1)
    assert plugin_explains(ExceptionGroup("g", [ValueError(), ExceptionGroup("h", [NotImplementedError()])]))
    assert not plugin_explains(ValueError())
    boom, other = KeyError(), OSError()
    assert leaves(ExceptionGroup("g", [boom, ExceptionGroup("h", [other])])) == [boom, other]


async def _group_of(coro):
    async with asyncio.TaskGroup() as group:
        group.create_task(coro)


@virtual
async def test_stop_tasks_stops_what_swallows_a_cancellation_and_retrieves_errors():
    async def stubborn():
        for _ in range(2):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                pass

    async def failing():
        await asyncio.sleep(0)
        raise ValueError("never retrieved")

    with loop_complaints() as complaints:
        tasks = [asyncio.create_task(stubborn()), asyncio.create_task(failing())]
        await loop_steps()
        stopped = await stop_tasks()
        assert stopped == [tasks[0]] and all(task.done() for task in tasks)
        raise_task_errors(tasks, expected=lambda error: isinstance(error, ValueError))
        with pytest.raises(ValueError, match="never retrieved"):
            raise_task_errors(tasks)
        del tasks
        gc.collect()
    assert complaints == []


@virtual
async def test_jobs_note_when_a_cancellation_arrived_and_say_when_a_run_is_still_cleaning_up():
    jobs = Jobs()
    task = jobs.task(10, cleanup=0.5, label="job")
    await asyncio.sleep(1)
    task.cancel()
    await loop_steps()
    run = jobs.runs[0]
    assert run.cancelled_at == 1 and run.end is None
    assert "job: started at 0.0 s, cancelled at 1.0 s, still cleaning up" in jobs.timeline()
    await asyncio.wait([task])
    assert "job: started at 0.0 s, cancelled at 1.0 s, cleaned up until 1.5 s" in jobs.timeline()
    assert jobs.cancelled_after(0.9) == [run] and jobs.cancelled_after(1.0) == []


@virtual
async def test_left_behind_tells_cleaning_up_from_cancelled_late_from_running():
    jobs = Jobs()
    cleaning = jobs.task(10, cleanup=1, label="cleaning")
    pending = jobs.task(10, label="pending")
    running = jobs.task(10, label="running")
    never = jobs.coro(1, label="never")
    finished = jobs.task(0.5, "done", label="finished")
    await asyncio.sleep(1)
    cleaning.cancel()
    await loop_steps()
    pending.cancel()  # requested; arrives only a moment later
    left = await jobs.left_behind()
    fates = [left.fate(run) for run in jobs.runs]
    assert fates == ["cleaning up", "cancel pending", "running", "not started", "finished"]
    assert left.cancelled == jobs.runs[:2] and left.running == [jobs.runs[2]]
    assert jobs.returned_after(0.25) == [jobs.runs[4]] and jobs.returned_after(0.5) == []
    never.close()
    await stop_tasks([cleaning, running, finished])


@virtual
async def test_numbered_makers_count_their_calls():
    jobs = Jobs()
    makers = jobs.makers([(1, "a"), (0.5, ValueError("b")), (2, "c", 0.5)])
    assert await makers[0]() == "a"
    with pytest.raises(ValueError):
        await makers[1]()
    assert [len(maker.runs) for maker in makers] == [1, 1, 0] and makers[1].runs == [jobs.runs[1]]
    assert "makers[1]: raises ValueError('b') after 0.5 s: started at 1.0 s, raised at 1.5 s" in jobs.timeline()
    with pytest.raises(Failed, match=r"f must call each maker exactly once, but it called makers\[2\] 0 times"):
        jobs.expect_called_once_each(makers, by="f")
    makers[2]().close()


@virtual
async def test_jobs_outcome_of_gives_the_timeline_as_it_ended_and_stops_leftovers():
    jobs = Jobs()
    makers = jobs.makers([(1, "fast"), (3, "slow", 0.5)])

    async def race_and_cancel_without_waiting():
        tasks = [asyncio.create_task(make()) for make in makers]
        done, rest = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in rest:
            task.cancel()
        return done.pop().result()

    outcome, evidence, left = await jobs.outcome_of(race_and_cancel_without_waiting(), title="Makers:")
    assert outcome.value == "fast" and outcome.elapsed == 1
    assert evidence.startswith("Makers:\n") and "makers[1]: returns 'slow' after 3.0 s" in evidence
    assert left.cancel_pending == makers[1].runs and not left.running
    assert all(run.end is not None for run in jobs.runs)


@virtual
async def test_after_calls_later():
    loop = asyncio.get_running_loop()

    async def now():
        return loop.time()

    assert await after(1.5, now) == 1.5 and await after(0, now) == 1.5


def test_schedules():
    assert greedy_schedule([1, 4, 1, 2, 1, 1, 1, 2], 3) == ([0, 0, 0, 1, 1, 2, 3, 3], 5)
    assert greedy_schedule([], 2) == ([], 0)
    assert at_same_moment(1.0, 1.0005) and not at_same_moment(1.0, 1.01) and not at_same_moment(None, 1.0)
    expect_times([0, 0.1, 0.3], [0, 0.1, 0.3], what="starts")
    with pytest.raises(Failed, match=r"(?s)^constant delay.*starts: \[0\.0 s, 0\.1 s, 0\.2 s\]"):
        expect_times([0, 0.1, 0.2], [0, 0.1, 0.3], what="starts", mistakes=[([0, 0.1, 0.2], "constant delay")])
    with pytest.raises(Failed, match="starts were wrong"):
        expect_times([0, 0.5], [0, 0.1], what="starts")


@virtual
async def test_a_spy_records_a_cancelled_call():
    module = types.SimpleNamespace()

    async def fetch(x):
        await asyncio.sleep(1)
        return x

    module.fetch = fetch
    with pytest.MonkeyPatch.context() as monkeypatch:
        calls = spy(monkeypatch, module, "fetch")
        task = asyncio.create_task(module.fetch(7))
        await asyncio.sleep(0.5)
        task.cancel()
        await asyncio.wait([task])
    call = calls.calls[0]
    assert (call.args, call.outcome, call.cancelled_at, call.end) == ((7,), "cancelled", 0.5, 0.5)
    assert call.describe("fetch") == "  fetch(7): started at 0.0 s, cancelled at 0.5 s" and calls.max_in_flight == 1


@virtual
async def test_use_loop_clock_makes_the_learner_read_loop_time():
    from time import monotonic

    module = types.SimpleNamespace(time=time, monotonic=monotonic, sleep=asyncio.sleep)
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_loop_clock(monkeypatch, module)
        rebind(monkeypatch, module, {asyncio.sleep: "replaced"})
        await asyncio.sleep(250)
        assert module.monotonic() == module.time.monotonic() == module.time.time() == 250
        assert module.sleep == "replaced" and module.time.sleep is time.sleep
    assert module.monotonic is monotonic and module.time is time


def test_tap_keeps_what_each_call_gave():
    with pytest.MonkeyPatch.context() as monkeypatch:
        taken = tap(monkeypatch, asyncio.Queue, "get_nowait")
        made = tap(monkeypatch, asyncio.Lock, "__init__", lambda args, kwargs, result: args[0])
        queue = asyncio.Queue()
        queue.put_nowait("a")
        lock = asyncio.Lock()
        assert queue.get_nowait() == "a" and taken == ["a"] and made == [lock]
    assert asyncio.Queue.get_nowait.__name__ == "get_nowait" and not hasattr(asyncio.Queue.get_nowait, "__wrapped__")


# --- Streams and the fake site -------------------------------------------------------------------------

@virtual
async def test_a_stream_timeline_says_when_a_cancelled_stream_is_still_cleaning_up():
    feed = Feed()
    stream = feed.stream("A", [(5, "a1")], cleanup=1)
    task = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(1)
    task.cancel()
    await loop_steps()
    assert "A ('a1' after 5.0 s): asked for 1 item(s); cancelled while waiting for its next item, still cleaning up" \
        in feed.timeline()
    await asyncio.wait([task])
    assert "cancelled while waiting for its next item (then cleaned up for 1.0 s) at 2.0 s" in feed.timeline()


@virtual
async def test_the_fake_site_records_each_request_and_holds_a_connection_until_the_response_is_released():
    pages = {"http://site.test/a": (200, "a", 1.0), "http://site.test/b": (200, "b", 1.0)}
    connect, getaddrinfo = socket.socket.connect, socket.getaddrinfo
    with FakeSite(pages) as site:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
            async def body(url: str) -> str:
                async with session.get(url) as response:
                    return await response.text()

            assert await asyncio.gather(body("http://site.test/a"), body("http://site.test/b")) == ["a", "b"]
            with pytest.raises(aiohttp.ClientConnectionError):
                await session.get("http://site.test/missing")
            slow = asyncio.ensure_future(body("http://site.test/a"))
            await asyncio.sleep(0.5)
            slow.cancel()
            await asyncio.wait([slow])
    assert site.max_in_flight == 1 and site.urls == ["http://site.test/a", "http://site.test/b",
                                                      "http://site.test/missing", "http://site.test/a"]
    assert site.timeline().splitlines() == [
        "Requests (loop seconds):",
        "  GET http://site.test/a: started at 0.0 s, 200 at 1.0 s",
        "  GET http://site.test/b: started at 1.0 s, 200 at 2.0 s",
        "  GET http://site.test/missing: started at 2.0 s, raised ClientConnectionError (no such page) at 2.0 s",
        "  GET http://site.test/a: started at 2.0 s, cancelled at 2.5 s",
    ]
    assert all(request.response is None or request.response.kata_released for request in site.requests)
    assert socket.socket.connect is connect and socket.getaddrinfo is getaddrinfo
# --- Plain `pytest` ends an endless loop ----------------------------------------------------------------

SPINNING_BEHIND_THE_LOCK = """

class Account(Account):
    async def deposit(self, amount):
        async with self._lock:
            while True:
{body}
"""


def plain_pytest_on_lost_update(tmp_path, body, *options):
    """Plain `pytest` (not the grader) on lost_update, whose deposit spins for good behind its lock: each
    deposit task spins in turn once the one before it is stopped."""
    kata = tmp_path / "kata"
    shutil.copytree(ROOT / "solutions", kata)
    learner = kata / "06_sync" / "lost_update.py"
    learner.write_text(learner.read_text() + SPINNING_BEHIND_THE_LOCK.format(body=body))
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--kata-dir", str(kata),
                          "tests/06_sync/test_lost_update.py", "-k", "overlapping", *options],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)})
    return run, time.monotonic() - started


def test_plain_pytest_stops_an_endless_loop_in_every_task(tmp_path):
    run, elapsed = plain_pytest_on_lost_update(tmp_path, "                pass")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "ran too long in real time" in run.stdout and "1 failed" in run.stdout, run.stdout
    assert elapsed < 120, f"took {elapsed:.0f} s"


def test_plain_pytest_ends_a_loop_that_swallows_every_stop(tmp_path):
    (tmp_path / "stop_soon.py").write_text("import grader.harness.plugin\ngrader.harness.plugin.LAST_STOP_AFTER = 3\n")
    swallowing = "                try:\n                    while True:\n                        pass\n" \
                 "                except BaseException:\n                    pass"
    run, elapsed = plain_pytest_on_lost_update(tmp_path, swallowing, "-p", "stop_soon")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "was still running 3 s after its time limit" in run.stderr, run.stderr
    assert "lost_update.py" in run.stderr, run.stderr  # where the loop was
    assert elapsed < 120, f"took {elapsed:.0f} s"
