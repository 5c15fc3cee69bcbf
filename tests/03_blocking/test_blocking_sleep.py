"""blocking_sleep: slow_greeting waits 1 s without blocking; greet_everyone greets every name at once."""
import asyncio
import threading
import time

from grader.harness import (
    expect_async_def,
    expect_duration,
    expect_equal,
    expect_no_tasks_left,
    expect_returns,
    fail,
    rebind,
    spy,
    timed,
)

NAMES = ["Ada", "Grace", "Linus", "Guido"]


def greetings(names):
    return [f"Hello, {name}!" for name in names]


def fake_slow_greeting(delays):
    """A stand-in for slow_greeting: waits delays[name] seconds, then greets."""
    async def slow_greeting(name):
        await asyncio.sleep(delays[name])
        return f"Hello, {name}!"
    return slow_greeting


def watch_sleeps_in_threads(monkeypatch, exercise):
    """The time.sleep calls made in a worker thread during the test (`from time import sleep` too): on the
    loop's own thread the blocking-call detector already names them."""
    loop_thread = threading.get_ident()
    watched = time.sleep  # the blocking-call detector's stand-in, while the exercise is watched
    in_threads = []

    def sleep(seconds):
        if threading.get_ident() != loop_thread:
            in_threads.append(seconds)
        return watched(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    rebind(monkeypatch, exercise, {watched: sleep})
    return in_threads


def expect_no_sleep_in_a_thread(in_threads, what):
    if in_threads:
        shown = ", ".join(f"time.sleep({seconds!r})" for seconds in in_threads)
        fail(f"{what} slept in a worker thread: that ties up a whole thread just to wait, while "
             "`await asyncio.sleep(1)` waits without one.",
             f"Slept in a worker thread (asyncio.to_thread or run_in_executor): {shown}.",
             hint="Threads are for blocking work you cannot avoid. A wait is not one: asyncio.sleep lets the "
                  "loop run other tasks meanwhile, with no thread at all.")


async def test_slow_greeting_returns_the_greeting(exercise):
    expect_async_def(exercise.slow_greeting, "slow_greeting")
    for name in ["Ada", "Barbara Liskov", ""]:
        greeting = await expect_returns(exercise.slow_greeting(name), what=f"slow_greeting({name!r})")
        expect_equal(greeting, f"Hello, {name}!", what=f"slow_greeting({name!r})", mistakes=[
            (f"Hello {name}!", f"slow_greeting({name!r}): the comma after Hello is missing."),
            (f"Hello, {name}", f"slow_greeting({name!r}): the exclamation mark at the end is missing."),
        ])


async def test_slow_greeting_waits_one_second_on_the_loop(exercise, monkeypatch):
    expect_async_def(exercise.slow_greeting, "slow_greeting")
    in_threads = watch_sleeps_in_threads(monkeypatch, exercise)
    _, elapsed = await timed(expect_returns(exercise.slow_greeting("Ada"), what="slow_greeting('Ada')"))
    expect_no_sleep_in_a_thread(in_threads, "slow_greeting('Ada')")
    expect_duration(elapsed, 1.0, what="slow_greeting('Ada')", mistakes={
        0.0: "slow_greeting took no loop time: it must wait 1 s with `await asyncio.sleep(1)`.",
    }, hint="asyncio.sleep waits on the event loop's clock and lets other tasks run meanwhile. "
            "(Sleeping in a thread or a busy loop does not count here.)")


async def test_greet_everyone_keeps_the_order_of_names(exercise, monkeypatch):
    expect_async_def(exercise.greet_everyone, "greet_everyone")
    # The first name is the slowest, so the greetings finish in reverse order.
    monkeypatch.setattr(exercise, "slow_greeting",
                        fake_slow_greeting({"Ada": 0.4, "Grace": 0.3, "Linus": 0.2, "Guido": 0.1}))
    calls = spy(monkeypatch, exercise, "slow_greeting")
    result = await expect_returns(exercise.greet_everyone(NAMES), what=f"greet_everyone({NAMES!r})")
    if calls.count == 0:
        fail("greet_everyone did not call slow_greeting: greet every name with it.")
    expect_equal(result, greetings(NAMES), what=f"greet_everyone({NAMES!r})", mistakes=[
        (greetings(NAMES[::-1]), "greet_everyone returned the greetings in the order they finished, "
                                 "not in the order of names."),
    ], evidence=[calls.timeline()], hint="asyncio.gather returns the results in the order you pass the "
                                         "awaitables in, whichever finishes first.")
    calls.expect_called_once_each(NAMES, by="greet_everyone", keyword="name")


async def test_greet_everyone_runs_the_greetings_at_once(exercise, monkeypatch):
    expect_async_def(exercise.greet_everyone, "greet_everyone")
    names = ["Alan", "Edsger", "Margaret"]
    monkeypatch.setattr(exercise, "slow_greeting", fake_slow_greeting(dict.fromkeys(names, 1.0)))
    calls = spy(monkeypatch, exercise, "slow_greeting")
    began = asyncio.get_running_loop().time()
    _, elapsed = await timed(expect_returns(exercise.greet_everyone(names), what=f"greet_everyone({names!r})"))
    await asyncio.sleep(0)  # calls left behind start now, so the timeline shows them
    if calls.count == 0:
        fail("greet_everyone did not call slow_greeting: greet every name with it.")
    expect_duration(elapsed, 1.0, what=f"greet_everyone with {len(names)} names", evidence=[calls.timeline()],
                    mistakes={
                        3.0: "greet_everyone is sequential: it waited for each slow_greeting to finish "
                             "before starting the next.",
                        2.0: "greet_everyone did not start every slow_greeting at once: some waited for "
                             "others to finish.",
                        0.0: "greet_everyone returned before the greetings were done: wait for all of them.",
                    }, hint="Start every slow_greeting before waiting for any: "
                            "`await asyncio.gather(*(slow_greeting(n) for n in names))`.")
    calls.expect_started_together("greet_everyone", since=began)
    await expect_no_tasks_left("greet_everyone")


async def test_greet_everyone_with_no_names(exercise):
    expect_async_def(exercise.greet_everyone, "greet_everyone")
    result, elapsed = await timed(expect_returns(exercise.greet_everyone([]), what="greet_everyone([])"))
    expect_equal(result, [], what="greet_everyone([])")
    expect_duration(elapsed, 0.0, what="greet_everyone([])")


async def test_greet_everyone_with_the_real_slow_greeting(exercise, monkeypatch):
    expect_async_def(exercise.greet_everyone, "greet_everyone")
    names = ["Barbara", "Ken", "Frances"]
    calls = spy(monkeypatch, exercise, "slow_greeting")
    in_threads = watch_sleeps_in_threads(monkeypatch, exercise)
    result, elapsed = await timed(expect_returns(exercise.greet_everyone(names), what=f"greet_everyone({names!r})"))
    expect_no_sleep_in_a_thread(in_threads, "slow_greeting")
    expect_equal(result, greetings(names), what=f"greet_everyone({names!r})")
    expect_duration(elapsed, 1.0, what=f"greet_everyone with {len(names)} names", evidence=[calls.timeline()],
                    mistakes={
                        3.0: "greet_everyone is sequential: three greetings took 3 s instead of 1 s.",
                        2.0: "greet_everyone did not start every slow_greeting at once: some waited for "
                             "others to finish.",
                        0.0: "greet_everyone took no loop time: slow_greeting must wait 1 s with "
                             "`await asyncio.sleep(1)`, and greet_everyone must wait for every greeting.",
                    })
