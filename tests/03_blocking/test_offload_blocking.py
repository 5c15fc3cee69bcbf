"""offload_blocking: read_all runs every blocking read_slowly in a worker thread, all at once, in order."""
import asyncio
import random
import string
import threading
import time
import traceback
from pathlib import Path

from grader.harness import Heartbeat, expect_async_def, expect_equal, expect_loop_free, expect_returns, fail

SEPARATELY = ("Pass the function and its argument separately, `asyncio.to_thread(read_slowly, path)` (or "
              "`loop.run_in_executor(None, read_slowly, path)`): the worker thread then makes the call.")


async def call(exercise, paths, reads=None):
    """Await read_all(paths); if it raises, fail naming the call. With `reads` (the RecordedReads standing in
    for read_slowly), a read_slowly called on the loop itself is named first."""
    try:
        result = await expect_returns(exercise.read_all(paths), what=f"read_all({len(paths)} paths)")
    except BaseException:
        if reads is not None:
            reads.expect_none_on_the_loop()
        raise
    if reads is not None:
        reads.expect_none_on_the_loop()
    return result


# File names, and the first word of each text, in neither sorted nor reverse-sorted order: sorting the
# paths or the texts gives a wrong answer that is recognised as such.
NAMES = ["pear", "apple", "quince", "fig", "lime"]


def make_files(folder, count):
    """`count` (at most 5) files with different random texts; returns (paths, texts)."""
    paths, texts = [], []
    for name in NAMES[:count]:
        text = f"{name}: " + "".join(random.choices(string.ascii_letters, k=12)) + "\n"
        path = folder / f"{name}.txt"
        path.write_text(text)
        paths.append(path)
        texts.append(text)
    return paths, texts


def order_mistakes(texts):
    return [(sorted(texts), "read_all sorted the texts (or the paths); they must follow the order of paths.")]


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


class ReadOnTheLoop(str):
    """What the stand-in for read_slowly gives when it is called on the loop's own thread (the blocking
    read itself stopped by the blocking-call detector). Handed to a worker thread as the function to run,
    as in `asyncio.to_thread(read_slowly(path))`, it notes that and reads the file there."""

    def __new__(cls, path, text, where):
        made = super().__new__(cls, text)
        made.path, made.where, made.run_in_a_thread = path, where, False
        return made

    def __call__(self):
        self.run_in_a_thread = True
        return Path(self.path).read_text()


class RecordedReads:
    """Stands in for read_slowly in worker threads: records each call and how many ran at once. A call on the
    loop's own thread is recorded too, and not left to block (see read_on_the_loop).

    With `gather` set, each call waits (up to `hold` seconds) until that many calls are running at
    the same time, so reads started at once are counted as at once however slowly threads start
    on a busy machine. Once one call has waited in vain, the others no longer wait.
    """

    def __init__(self, read, *, gather=0, hold=5.0, learner_file=None):
        self.read = read
        self.learner_file = learner_file
        self.on_the_loop = []  # ReadOnTheLoop, one per call made on the loop's own thread
        self.gather = gather
        self.hold = hold
        self.flight = InFlight()
        self.paths = []
        self.threads = set()
        self.gave_up = False
        self.loop_thread = threading.get_ident()

    def __call__(self, path):
        if threading.get_ident() == self.loop_thread:
            return self.read_on_the_loop(path)
        self.flight.enter()
        self.paths.append(path)
        self.threads.add(threading.get_ident())
        try:
            if self.gather and not self.gave_up and not self.flight.wait_for(self.gather, self.hold):
                self.gave_up = True
            return self.read(path)
        finally:
            self.flight.leave()

    def read_on_the_loop(self, path):
        # dict.fromkeys: a comprehension may be a frame of its own on the same line (Python 3.11)
        where = list(dict.fromkeys(f"  {Path(frame.filename).name}:{frame.lineno}: {(frame.line or '').strip()}"
                                   for frame in traceback.extract_stack() if frame.filename == self.learner_file))
        try:
            text = self.read(path)
        except Exception as error:  # the blocking-call detector stopped the read: it would have blocked
            if type(error).__name__ != "BlockingError":
                raise
            text = ""
        read = ReadOnTheLoop(path, text, where)
        self.on_the_loop.append(read)
        return read

    def expect_none_on_the_loop(self):
        """Fail if read_all called read_slowly on the loop's own thread, naming how."""
        if not self.on_the_loop:
            return
        where = ["Called on the loop at:", *self.on_the_loop[0].where] if self.on_the_loop[0].where else []
        if any(read.run_in_a_thread for read in self.on_the_loop):
            fail("read_all called read_slowly(path) on the event loop and handed its result to the thread: "
                 "`asyncio.to_thread(read_slowly(path))` does the blocking read right there, before to_thread "
                 "even starts, and gives the thread the text instead of the function.", *where, hint=SEPARATELY)
        fail("read_all called read_slowly on the event loop: its blocking time.sleep() froze the loop, and no "
             "other task could run meanwhile.", *where,
             hint="Run it in a worker thread instead. " + SEPARATELY)

    def evidence(self):
        return (f"read_slowly ran {len(self.paths)} time(s), in {len(self.threads)} worker thread(s); "
                f"at most {self.flight.most} call(s) ran at the same time.")


def record_reads(monkeypatch, exercise, read, **options):
    """Put a RecordedReads doing `read` in place of the learner's read_slowly."""
    reads = RecordedReads(read, learner_file=exercise.__file__, **options)
    monkeypatch.setattr(exercise, "read_slowly", reads)
    return reads


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
    reads = record_reads(monkeypatch, exercise, exercise.read_slowly)
    result = await call(exercise, paths, reads)
    expect_equal(result, texts, what="read_all(3 paths)", evidence=[reads.evidence()], mistakes=order_mistakes(texts))
    expect_each_path_read_once(reads, paths)


async def test_keeps_the_order_of_paths(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 3)
    delays = {str(path): delay for path, delay in zip(paths, [0.6, 0.3, 0.0])}  # the first finishes last

    def read_slowly(path):
        time.sleep(delays[str(path)])
        return path.read_text()

    reads = record_reads(monkeypatch, exercise, read_slowly)
    result = await call(exercise, paths, reads)
    expect_equal(result, texts, what="read_all(3 paths)", mistakes=[
        (texts[::-1], "read_all returned the texts in the order the reads finished, not in the order of paths."),
        *order_mistakes(texts),
    ], hint="asyncio.gather returns the results in the order you pass the awaitables in.")


async def test_runs_the_reads_in_threads_at_once(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 5)
    reads = record_reads(monkeypatch, exercise, exercise.read_slowly, gather=len(paths))
    result = await call(exercise, paths, reads)
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
    expect_equal(result, texts, what="read_all(5 paths)", mistakes=order_mistakes(texts))


async def test_loop_stays_responsive(exercise, monkeypatch, tmp_path):
    expect_async_def(exercise.read_all, "read_all")
    paths, texts = make_files(tmp_path, 3)

    def read_slowly(path):  # a slower disk: a blocked loop shows a long gap
        time.sleep(1.0)
        return path.read_text()

    reads = record_reads(monkeypatch, exercise, read_slowly)
    loop = asyncio.get_running_loop()
    async with Heartbeat() as beat:
        began = loop.time()
        result = await call(exercise, paths, reads)
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
