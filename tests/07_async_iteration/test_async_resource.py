"""session: an async context manager that connects, then logs open, and always logs close."""
import asyncio
import inspect

from grader.harness import expect_duration, expect_equal, fail, seconds

FINALLY_HINT = ("Put the exit in a `finally`: with @asynccontextmanager, `try: yield` / `finally: "
                "log.append(...)`; in a class, __aexit__ runs whatever way the block ends.")
SUPPRESS_HINT = ("Do not catch the block's exception without raising it again, and in a class let __aexit__ "
                 "return None (a true value from __aexit__ means \"exception handled\").")


class Broken(Exception):
    """An error only these tests raise, inside the `async with` block."""


def make_session(exercise, name, log):
    """session(name, log), failing clearly unless it is an async context manager."""
    made = exercise.session(name, log)
    if inspect.iscoroutine(made):
        made.close()
        fail("session is written with async def: calling it gives a coroutine, not an async context manager.",
             hint="session is a plain function that returns the context manager: decorate an async generator "
                  "with @asynccontextmanager (the decorated function is a plain function), or return an "
                  "instance of a class with __aenter__ and __aexit__.")
    if not (hasattr(made, "__aenter__") and hasattr(made, "__aexit__")):
        if hasattr(made, "__enter__"):
            fail("session returned a context manager for `with`, not for `async with`: it has no __aenter__.",
                 hint="Use @contextlib.asynccontextmanager (not @contextmanager), or write __aenter__ and "
                      "__aexit__ as async def.")
        fail(f"session({name!r}, log) returned {made!r}, which is not an async context manager: it needs "
             "__aenter__ and __aexit__.")
    return made


def watch_connect(monkeypatch, exercise, original, log):
    """Replace connect by `original` wrapped: each call records its name, start and end, and the log."""
    calls = []

    async def connect(name):
        loop = asyncio.get_running_loop()
        call = {"name": name, "start": loop.time(), "log at start": list(log)}
        calls.append(call)
        await original(name)
        call.update({"end": loop.time(), "log at end": list(log)})

    monkeypatch.setattr(exercise, "connect", connect)
    return calls


def describe(calls):
    if not calls:
        return "connect was never called."
    return "connect calls (loop seconds):\n" + "\n".join(
        f"  connect({c['name']!r}): started at {seconds(c['start'])} with log {c['log at start']!r}, "
        + (f"finished at {seconds(c['end'])} with log {c['log at end']!r}" if "end" in c else "never finished")
        for c in calls)


async def test_enter_connects_then_logs_open(exercise, monkeypatch):
    original = exercise.connect
    for name in ["db", "cache"]:
        log = []
        calls = watch_connect(monkeypatch, exercise, original, log)
        loop = asyncio.get_running_loop()
        start = loop.time()
        async with make_session(exercise, name, log):
            entered = loop.time() - start
            inside = list(log)
        if not calls:
            fail("session did not call connect: on enter it must await connect(name).")
        expect_equal([c["name"] for c in calls], [name], what=f"the names session({name!r}, log) passed to connect",
                     evidence=[describe(calls)])
        if any(f"open {name}" in c["log at start"] for c in calls):
            fail(f"session logged \"open {name}\" before connect finished: it must await connect(name) first, "
                 "then log.", describe(calls))
        expect_duration(entered, 0.1, what=f"entering session({name!r}, log)", evidence=[describe(calls)], mistakes={
            0.0: "session entered the block before connect finished: await connect(name) on enter.",
        })
        expect_equal(inside, [f"open {name}"], what=f"the log inside `async with session({name!r}, log)`", mistakes=[
            ([], f"session did not log \"open {name}\" on enter."),
            (["open db"], f"session logged \"open db\" for a session named {name!r}: use the name it was given."),
        ], evidence=[describe(calls)])


async def test_exit_logs_close(exercise):
    log = []
    async with make_session(exercise, "outer", log), make_session(exercise, "inner", log):
        log.append("work")
    expect_equal(log, ["open outer", "open inner", "work", "close inner", "close outer"],
                 what="the log after a session named \"inner\" inside one named \"outer\"", mistakes=[
        (["open outer", "open inner", "work"], "session did not log \"close <name>\" on exit."),
    ])


async def test_exit_logs_close_when_the_block_raises(exercise):
    log = []
    try:
        async with make_session(exercise, "db", log):
            raise Broken("the block failed")
    except Broken:
        pass
    expect_equal(log, ["open db", "close db"], what="the log after a block that raised", mistakes=[
        (["open db"], "session did not log \"close db\" when the block raised an exception: the exit must run "
                      "on error too."),
    ], hint=FINALLY_HINT)


async def test_the_blocks_exception_comes_through(exercise):
    for error in [Broken("the block failed"), KeyError("missing"), OSError("disk full")]:
        log = []
        caught = None
        try:
            async with make_session(exercise, "db", log):
                raise error
        except type(error) as raised:
            caught = raised
        if caught is None:
            fail(f"session suppressed the block's exception: the block raised {error!r}, and `async with` "
                 "ended as if nothing had happened.", f"The log: {log!r}", hint=SUPPRESS_HINT)
        if caught is not error:
            fail(f"session replaced the block's {error!r} with another {type(caught).__name__}: {caught!r}.",
                 hint=SUPPRESS_HINT)


async def test_exit_logs_close_when_the_block_is_cancelled(exercise):
    log = []

    async def user():
        async with make_session(exercise, "db", log):
            await asyncio.sleep(10)
        log.append("after the block")

    task = asyncio.create_task(user())
    await asyncio.sleep(1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise  # the test itself is being cancelled
    if "close db" not in log:
        fail("session did not log \"close db\" when the block was cancelled: cancelling raises "
             "CancelledError in the block, and CancelledError is not an Exception (`except Exception` misses it).",
             f"The log: {log!r}", hint=FINALLY_HINT)
    if not task.cancelled():
        fail("session suppressed the cancellation: the task was cancelled inside the block, yet it went on "
             "after `async with` and ended normally.", f"The log: {log!r}",
             hint="Let CancelledError propagate: clean up in a `finally`, or re-raise it.")
    expect_equal(log, ["open db", "close db"], what="the log after a block that was cancelled")
