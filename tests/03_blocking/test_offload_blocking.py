"""offload_blocking: read_all runs every blocking read_slowly in a worker thread, all at once, in order."""
import asyncio
import random
import string
import threading
import time

from grader.harness import Heartbeat, expect_async_def, expect_equal, expect_loop_free, expect_returns, fail


async def call(exercise, paths):
    """Await read_all(paths); if it raises, fail naming the call."""
    return await expect_returns(exercise.read_all(paths), what=f"read_all({len(paths)} paths)")


def make_files(folder, count):
    """`count` files with different random texts; returns (paths, texts)."""
    paths, texts = [], []
    for i in range(count):
        text = f"file {i}: " + "".join(random.choices(string.ascii_letters, k=12)) + "\n"
        path = folder / f"notes_{i}.txt"
        path.write_text(text)
        paths.append(path)
        texts.append(text)
    return paths, texts


class InFlight:
    """How many calls run right now, and the most that ever ran at once. Used in worker threads
    only: the loop's thread never waits for its lock."""

    def __init__(self):
        self.changed = threading.Condition()
        self.now = 0
        self.most = 0

    def enter(self):
        with self.changed:
            self.now += 1
            self.most = max(self.most, self.now)
            self.changed.notify_all()

    def leave(self):
        with self.changed:
            self.now -= 1

    def wait_for(self, count, timeout):
        """Wait until `count` calls have run at once, or `timeout` seconds pass; True if they did."""
        with self.changed:
            return self.changed.wait_for(lambda: self.most >= count, timeout)


class RecordedReads:
    """Stands in for read_slowly in worker threads: records each call and how many ran at once.

    With `gather` set, each call waits (up to `hold` seconds) until that many calls are running at
    the same time, so reads started at once are counted as at once however slowly threads start
    on a busy machine. Once one call has waited in vain, the others no longer wait.
    """

    def __init__(self, read, *, gather=0, hold=5.0):
        self.read = read
        self.gather = gather
        self.hold = hold
        self.flight = InFlight()
        self.paths = []
        self.threads = set()
        self.gave_up = False
        self.loop_thread = threading.get_ident()

    def __call__(self, path):
        if threading.get_ident() == self.loop_thread:
            return self.read(path)  # on the loop: the blocking-call detector names the line
        self.flight.enter()
        self.paths.append(path)
        self.threads.add(threading.get_ident())
        try:
            if self.gather and not self.gave_up and not self.flight.wait_for(self.gather, self.hold):
                self.gave_up = True
            return self.read(path)
        finally:
            self.flight.leave()

    def evidence(self):
        return (f"read_slowly ran {len(self.paths)} time(s), in {len(self.threads)} worker thread(s); "
                f"at most {self.flight.most} call(s) ran at the same time.")


def expect_each_path_read_once(reads, paths):
    if not reads.paths:
        fail("read_all did not call read_slowly: read every file with the given read_slowly.",
             hint="Pass the function and its argument to a thread: asyncio.to_thread(read_slowly, path).")
    expect_equal(sorted(map(str, reads.paths)), sorted(map(str, paths)),
                 what="the paths read_all passed to read_slowly (sorted)", evidence=[reads.evidence()],
                 hint="Call read_slowly exactly once for each path.")


async def test_returns_every_text_in_order(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 3)
    reads = RecordedReads(exercise.read_slowly)
    monkeypatch.setattr(exercise, "read_slowly", reads)
    result = await call(exercise, paths)
    expect_equal(result, texts, what="read_all(3 paths)", evidence=[reads.evidence()])
    expect_each_path_read_once(reads, paths)


async def test_keeps_the_order_of_paths(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 3)
    delays = {str(path): delay for path, delay in zip(paths, [0.6, 0.3, 0.0])}  # the first finishes last

    def read_slowly(path):
        time.sleep(delays[str(path)])
        return path.read_text()

    monkeypatch.setattr(exercise, "read_slowly", RecordedReads(read_slowly))
    result = await call(exercise, paths)
    expect_equal(result, texts, what="read_all(3 paths)", mistakes=[
        (texts[::-1], "read_all returned the texts in the order the reads finished, not in the order of paths."),
    ], hint="asyncio.gather returns the results in the order you pass the awaitables in.")


async def test_runs_the_reads_in_threads_at_once(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 5)
    reads = RecordedReads(exercise.read_slowly, gather=len(paths))
    monkeypatch.setattr(exercise, "read_slowly", reads)
    result = await call(exercise, paths)
    expect_each_path_read_once(reads, paths)
    if reads.flight.most == 1:
        fail("read_all ran the read_slowly calls one after another: only one ran at a time, so five "
             "reads take 1.0 s instead of 0.2 s.", reads.evidence(),
             hint="Awaiting each thread before starting the next waits for them in turn. Start them "
                  "all, then wait for all: asyncio.gather(*(asyncio.to_thread(read_slowly, p) for p in paths)).")
    if reads.flight.most < len(paths):
        fail(f"read_all did not run all {len(paths)} reads at once: at most {reads.flight.most} ran at "
             "the same time.", reads.evidence(),
             hint="Start every read before waiting for any (asyncio.gather), with enough threads for all of them.")
    expect_equal(result, texts, what="read_all(5 paths)")


async def test_loop_stays_responsive(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 3)

    def read_slowly(path):  # a slower disk: a blocked loop shows a long gap
        time.sleep(1.0)
        return path.read_text()

    monkeypatch.setattr(exercise, "read_slowly", RecordedReads(read_slowly))
    loop = asyncio.get_running_loop()
    async with Heartbeat() as beat:
        began = loop.time()
        result = await call(exercise, paths)
        ran_for = loop.time() - began
    expect_loop_free(beat, what="read_all", ran_for=ran_for, headline=(
        f"The event loop froze while read_all waited for the reads: no other task could run for "
        f"{beat.longest_gap:.2f} s."), hint="Await the threads (asyncio.to_thread, asyncio.gather) "
        "instead of waiting for them with .result(), pool.map or a pool's shutdown.")
    expect_equal(result, texts, what="read_all(3 paths)")


async def test_no_paths(exercise):
    expect_async_def(exercise.read_all, "read_all")
    result = await call(exercise, [])
    expect_equal(result, [], what="read_all([])")
