"""cpu_in_processes: count_primes_all counts in worker processes, all submitted at once, in order."""
import asyncio
import itertools
import multiprocessing
import random
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.reduction import ForkingPickler
from unittest import mock

import pytest

from grader.harness import Heartbeat, expect_async_def, expect_equal, expect_loop_free, fail, seconds

PICKLE_HINT = ("A worker process gets the function by name: pass count_primes itself and the limit, "
               "`loop.run_in_executor(pool, count_primes, limit)`, not a lambda or a function defined "
               "inside count_primes_all.")
SPAWN = 'with the "spawn" start method'
SPAWN_HINT = ("With spawn, a worker imports your module afresh: it sees only what is defined at its top "
              "level, not what count_primes_all set up at run time.")


def primes_below(limit):
    """The expected answer, by a sieve (fast)."""
    if limit < 3:
        return 0
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\0\0"
    for n in range(2, int(limit ** 0.5) + 1):
        if sieve[n]:
            sieve[n * n::n] = bytes(len(range(n * n, limit, n)))
    return sum(sieve)


@pytest.fixture(scope="module")
def heavy(exercise):
    """Limits whose counting takes a good deal of CPU on this machine, and that CPU time (seconds).

    CPU time, unlike wall time, hardly changes when the machine is busy."""
    limit, cost = 20_000, 0.0
    while limit < 5_000_000:
        began = time.process_time()
        exercise.count_primes(limit)
        cost = time.process_time() - began
        if cost >= 0.1:
            break
        limit *= 2
    limits = [limit - random.randint(0, limit // 20) for _ in range(4)]
    return limits, cost * len(limits)


class Submissions:
    """Records ProcessPoolExecutor.submit calls: the jobs, when they were submitted and done, how
    many were pending at once, and the start method of pools created during the test.

    Lock-free, so the loop's thread never waits: list.append is atomic."""

    def __init__(self, monkeypatch):
        self.jobs = []
        self.events = []  # +1 when a job is submitted, -1 when it is done, in order
        self.submitted_at = []
        self.done_at = []  # time.monotonic(), the clock of loop.time()
        self.workers = []
        self.new_pools = {}  # id(pool) -> start method, for pools created during the test
        original_init, original_submit = ProcessPoolExecutor.__init__, ProcessPoolExecutor.submit
        log = self

        def __init__(pool, *args, **kwargs):
            original_init(pool, *args, **kwargs)
            context = getattr(pool, "_mp_context", None)
            log.new_pools[id(pool)] = context.get_start_method() if context is not None else None

        def job_done(_):
            log.done_at.append(time.monotonic())
            log.events.append(-1)

        def submit(pool, fn, /, *args, **kwargs):
            log.events.append(1)
            log.jobs.append(f"{getattr(fn, '__name__', type(fn).__name__)}{args!r}")
            log.workers.append(getattr(pool, "_max_workers", None))
            try:
                future = original_submit(pool, fn, *args, **kwargs)
            except BaseException:
                log.events.append(-1)
                raise
            log.submitted_at.append(time.monotonic())
            future.add_done_callback(job_done)
            return future

        monkeypatch.setattr(ProcessPoolExecutor, "__init__", __init__)
        monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)

    @property
    def computing(self):
        """(start, end): from the last submission to the first answer, when only the workers have
        work to do; None if there was no such time."""
        if not self.submitted_at or not self.done_at:
            return None
        start, end = max(self.submitted_at), min(self.done_at)
        return (start, end) if end > start else None

    @property
    def most_pending(self):
        return max(itertools.accumulate(list(self.events)), default=0)

    def evidence(self):
        jobs = ", ".join(self.jobs) if self.jobs else "none"
        return (f"Jobs submitted to a ProcessPoolExecutor: {jobs}; at most {self.most_pending} "
                "were pending at the same time.")


@contextmanager
def jobs_sent():
    """Records every (function, args, kwargs) handed to a ProcessPoolExecutor meanwhile."""
    sent = []
    submit = ProcessPoolExecutor.submit

    def recording_submit(pool, fn, /, *args, **kwargs):
        sent.append((fn, args, kwargs))
        return submit(pool, fn, *args, **kwargs)

    with mock.patch.object(ProcessPoolExecutor, "submit", recording_submit):
        yield sent


def cannot_be_sent(job):
    """A worker process receives its job pickled, as the pool pickles it: does that fail here?

    (Which exception pickling raises, and its wording, differ between Python versions; whether it
    fails does not.)"""
    try:
        ForkingPickler.dumps(job)
    except Exception:  # any failure to pickle means the worker never gets the job
        return True
    return False


async def call(exercise, limits, *, spawn=False):
    """Await count_primes_all(limits); if it raises, fail naming the likely mistake."""
    what = f"count_primes_all({limits!r})" + (f" {SPAWN}" if spawn else "")
    with jobs_sent() as sent:
        try:
            return await exercise.count_primes_all(limits)
        except Exception as error:
            if isinstance(error, NotImplementedError):
                raise
            if type(error).__name__ == "BlockingError":
                raise
            problem = (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__).splitlines()[0]
    unsendable = [fn for fn, *arguments in sent if cannot_be_sent((fn, *arguments))]
    if unsendable:
        name = getattr(unsendable[0], "__qualname__", type(unsendable[0]).__name__)
        fail(f"count_primes_all sent the worker processes a function they cannot receive ({name}): {what} "
             f"raised {problem}", hint=PICKLE_HINT)
    if spawn:
        fail(f'count_primes_all fails {SPAWN} (the default on Windows and macOS): {what} raised {problem}',
             hint=SPAWN_HINT)
    fail(f"{what} raised {problem}")


def expect_counts(result, limits, *, what=None):
    """The right counts, in the order of limits; a reordering of them is named as such."""
    what = what or f"count_primes_all({limits!r})"
    expected = [primes_below(limit) for limit in limits]
    wrong_order = [(list(order), "count_primes_all returned the counts in the wrong order: they must "
                                 "follow the order of limits, not the order the processes finished in.")
                   for order in set(itertools.permutations(expected)) if list(order) != expected]
    expect_equal(result, expected, what=what, mistakes=wrong_order,
                 hint="asyncio.gather returns the results in the order you pass the awaitables in.")


async def test_counts_in_the_order_of_limits(exercise):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    # The first limit is by far the slowest, so the answers finish out of order.
    limits = [random.randint(60_000, 70_000), random.randint(2_000, 4_000), random.randint(15_000, 20_000)]
    expect_counts(await call(exercise, limits), limits)


async def test_no_limits(exercise):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    expect_equal(await call(exercise, []), [], what="count_primes_all([])")


async def test_submits_one_job_per_limit_all_at_once(exercise, monkeypatch, heavy):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    limits, _ = heavy
    log = Submissions(monkeypatch)
    result = await call(exercise, limits)
    if not log.jobs:
        fail("count_primes_all did not hand any work to a ProcessPoolExecutor.",
             hint="Create a ProcessPoolExecutor and send it every count: "
                  "loop.run_in_executor(pool, count_primes, limit).")
    if len(log.jobs) != len(limits):
        fail(f"count_primes_all submitted {len(log.jobs)} job(s) for {len(limits)} limits: submit one "
             "count_primes job per limit, so that the processes can share the work.", log.evidence())
    if log.most_pending == 1:
        fail("count_primes_all ran the processes one after another: it awaited each count before "
             "submitting the next, so only one process worked at a time.", log.evidence(),
             hint="Submit every job first, then wait for all of them: asyncio.gather(*(loop.run_in_executor("
                  "pool, count_primes, limit) for limit in limits)).")
    if log.most_pending < len(limits):
        fail(f"count_primes_all did not submit all {len(limits)} jobs at once: at most "
             f"{log.most_pending} were pending at the same time.", log.evidence())
    if any(workers == 1 for workers in log.workers):
        fail("count_primes_all used a pool with a single worker process: the jobs still run one after "
             "another.", log.evidence(), hint="ProcessPoolExecutor() starts one worker per CPU core.")
    expect_counts(result, limits)


async def test_main_process_does_not_count(exercise, heavy):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    limits, work = heavy
    process_cpu, loop_cpu = time.process_time(), time.thread_time()
    result = await call(exercise, limits)
    process_cpu, loop_cpu = time.process_time() - process_cpu, time.thread_time() - loop_cpu
    evidence = (f"Counting the primes below {limits} takes about {seconds(work)} of CPU. While "
                f"count_primes_all ran, the main process used {seconds(process_cpu)} of CPU, "
                f"{seconds(loop_cpu)} of it in the event loop's thread. (Worker processes are not "
                "counted here.)")
    if loop_cpu > 0.5 * work:
        fail("count_primes_all computed on the event loop: the loop's own thread did the counting, "
             "so no other task could run meanwhile.", evidence,
             hint="Send each count to a worker process: loop.run_in_executor(pool, count_primes, limit) "
                  "with a ProcessPoolExecutor.")
    if process_cpu > 0.5 * work:
        fail("count_primes_all computed in threads: the main process burned the CPU. Threads share one "
             "process and, for Python code, one core at a time (the GIL).", evidence,
             hint="Use a ProcessPoolExecutor, not asyncio.to_thread or a ThreadPoolExecutor: each worker "
                  "process counts on its own core.")
    expect_counts(result, limits)


async def test_loop_stays_responsive(exercise, monkeypatch, heavy):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    limits, _ = heavy
    log = Submissions(monkeypatch)
    loop = asyncio.get_running_loop()
    async with Heartbeat() as beat:
        began = loop.time()
        result = await call(exercise, limits)
        ran_for = loop.time() - began
    hint = ("Await the workers' answers (loop.run_in_executor and asyncio.gather) instead of waiting for "
            "them with .result(), pool.map or the pool's shutdown, and never count on the loop itself.")
    if log.computing:
        # Starting and stopping the pool may pause the loop; while the workers compute, nothing may.
        start, end = log.computing
        moments = [start, *(tick for tick in beat.ticks if start < tick < end), end]
        gap = max(b - a for a, b in itertools.pairwise(moments))
        if gap > 0.9 * (end - start):
            fail("The event loop froze while the worker processes counted: no other task could run "
                 "until they were done.",
                 f"From the last job submitted to the first answer back ({seconds(end - start)}), a "
                 f"heartbeat task meant to tick every {seconds(beat.interval)} ticked "
                 f"{len(moments) - 2} times.", log.evidence(), hint=hint)
    else:  # no work went to a pool: did the loop freeze at all?
        expect_loop_free(beat, what="count_primes_all", ran_for=ran_for, share=0.6, headline=(
            f"The event loop froze while count_primes_all ran: no other task could run for "
            f"{beat.longest_gap:.2f} s."), hint=hint)
    expect_counts(result, limits)


async def test_works_with_the_spawn_start_method(exercise, monkeypatch):
    expect_async_def(exercise.count_primes_all, "count_primes_all")
    # A pool made without mp_context now starts its workers the way Windows and macOS do: each
    # one a fresh interpreter that imports the exercise module again.
    monkeypatch.setattr(multiprocessing.context._default_context, "_actual_context",
                        multiprocessing.get_context("spawn"))
    log = Submissions(monkeypatch)
    limits = [random.randint(5_000, 9_000), random.randint(1_000, 4_000)]
    result = await call(exercise, limits, spawn=True)
    if "fork" in log.new_pools.values():
        fail('count_primes_all forces the "fork" start method: it must also work with "spawn" (the '
             "default on Windows and macOS).", log.evidence(), hint="Leave out mp_context.")
    expect_counts(result, limits, what=f"count_primes_all({limits!r}) {SPAWN}")
