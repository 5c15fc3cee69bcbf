"""cooperative_chunks: checksum computes zlib.crc32 chunk by chunk, letting other tasks run after each chunk."""
import asyncio
import itertools
import math
import random
import threading
import zlib

from grader.harness import expect_async_def, expect_equal, expect_returns, fail, rebind, seconds, timed

DEFAULT = 65536


def random_bytes(size):
    return random.randbytes(size)


def chunks(data, size):
    return [data[i:i + size] for i in range(0, len(data), size)]


def crc_of(pieces):
    crc = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
    return crc


def boundary_mistakes(data, size):
    """What the usual chunking slips give, each with the headline that names it."""
    pieces = chunks(data, size)
    whole = len(data) // size * size
    return [
        (crc_of(pieces[:-1]) if len(data) % size else None,
         "Wrong crc at the chunk boundaries: the last, shorter chunk was left out."),
        (zlib.crc32(pieces[-1]), "Wrong crc: it is the crc of the last chunk only. Pass the running crc "
                                 "on: crc = zlib.crc32(chunk, crc)."),
        (zlib.crc32(pieces[0]), "Wrong crc: it covers the first chunk only."),
        (crc_of([data[i:i + size - 1] for i in range(0, len(data), size)]),
         "Wrong crc at the chunk boundaries: every chunk missed its last byte."),
        (crc_of([data[i:i + size + 1] for i in range(0, len(data), size)]),
         "Wrong crc at the chunk boundaries: neighbouring chunks overlap by one byte."),
        (crc_of(chunks(data[:whole], size)) if whole != len(data) else None,
         "Wrong crc at the chunk boundaries: the bytes after the last full chunk were left out."),
    ]


async def expect_crc(exercise, data, chunk_size=None):
    args = (data,) if chunk_size is None else (data, chunk_size)
    shown = f"checksum({len(data)} bytes{'' if chunk_size is None else f', chunk_size={chunk_size}'})"
    result = await expect_returns(exercise.checksum(*args), what=shown)
    size = DEFAULT if chunk_size is None else chunk_size
    mistakes = [(value, headline) for value, headline in boundary_mistakes(data, size)
                if value is not None and value != zlib.crc32(data)]
    expect_equal(result, zlib.crc32(data), what=shown, mistakes=mistakes,
                 hint="Go through data in steps of chunk_size: data[start:start + chunk_size] for start in "
                      "range(0, len(data), chunk_size); the last slice is simply shorter.")


class OtherTask:
    """A task that counts its turns: one per `await asyncio.sleep(0)` it gets through.

    It gives up after `most` turns, so that code which waits on the clock or on a thread cannot
    keep it spinning forever (a spinning task never lets the virtual clock move)."""

    def __init__(self, most):
        self.most = most
        self.turns = 0
        self.task = asyncio.create_task(self.run())

    async def run(self):
        while self.turns < self.most:
            self.turns += 1
            await asyncio.sleep(0)

    async def stop(self):
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass


def watch_crc32(monkeypatch, exercise, other):
    """For every zlib.crc32 call (`from zlib import crc32` too): (bytes fed, turns the other task had had,
    the thread it ran in)."""
    original, fed = zlib.crc32, []

    def crc32(data, value=0, /):
        fed.append((len(data), other.turns, threading.get_ident()))
        return original(data, value)

    monkeypatch.setattr(zlib, "crc32", crc32)
    rebind(monkeypatch, exercise, {original: crc32})
    return fed


async def count_turns(exercise, monkeypatch, data, chunk_size=None):
    """Run checksum beside another task: how many turns that task got, the loop time taken, and what was fed
    to zlib.crc32 (bytes, and the other task's turns by then)."""
    args = (data,) if chunk_size is None else (data, chunk_size)
    count = math.ceil(len(data) / (chunk_size or DEFAULT))
    other = OtherTask(most=4 * count + 20)
    with monkeypatch.context() as patch:
        fed = watch_crc32(patch, exercise, other)
        try:
            _, elapsed = await timed(expect_returns(exercise.checksum(*args), what=f"checksum({len(data)} bytes)"))
        finally:
            await other.stop()
    return other.turns, elapsed, fed


def expect_chunk_by_chunk(fed, chunk_size, evidence):
    """zlib.crc32 never got more than one chunk at a time, and other tasks ran between two chunks."""
    if not fed:
        return  # the crc was computed some other way: the turns alone must tell
    biggest = max(size for size, _, _ in fed)
    if biggest > chunk_size:
        fail(f"checksum computed the crc of {biggest} bytes in one go, more than one chunk of {chunk_size} bytes: "
             "no other task could run meanwhile, however often it handed control back afterwards.", evidence,
             hint="Hand control back between the chunks: compute one chunk, `await asyncio.sleep(0)`, then the next.")
    if any(before == after for (_, before, _), (_, after, _) in itertools.pairwise(fed)):
        fail("checksum computed some chunks one straight after another, without handing control back between "
             "them.", evidence, hint="`await asyncio.sleep(0)` after every chunk, inside the loop.")


async def test_crc_matches_zlib_with_the_default_chunk_size(exercise):
    expect_async_def(exercise.checksum, "checksum")
    for size in [3 * DEFAULT + 123, 2 * DEFAULT, 1000]:
        await expect_crc(exercise, random_bytes(size))


async def test_crc_matches_zlib_with_other_chunk_sizes(exercise):
    expect_async_def(exercise.checksum, "checksum")
    for size, chunk_size in [(10_500, 1000), (100, 7), (10, 1), (5000, 1000), (100, 4096)]:
        await expect_crc(exercise, random_bytes(size), chunk_size)


async def test_empty_data_gives_zero(exercise):
    expect_async_def(exercise.checksum, "checksum")
    for args, shown in [((b"",), "checksum(b'')"), ((b"", 1000), "checksum(b'', 1000)")]:
        result = await expect_returns(exercise.checksum(*args), what=shown)
        expect_equal(result, 0, what=shown, mistakes=[
            (None, f"{shown} returned None: with no data there are no chunks, and the crc is 0."),
        ], hint="Start from crc = 0 and return crc after the loop: an empty loop leaves it at 0.")


async def test_other_tasks_run_after_every_chunk(exercise, monkeypatch):
    expect_async_def(exercise.checksum, "checksum")
    for size, chunk_size in [(10_500, 1000), (4 * DEFAULT + 1, None), (700, 100)]:
        data = random_bytes(size)
        count = math.ceil(size / (chunk_size or DEFAULT))
        turns, elapsed, fed = await count_turns(exercise, monkeypatch, data, chunk_size)
        shown = f"{size} bytes in chunks of {chunk_size or DEFAULT}"
        evidence = (f"checksum of {shown} ({count} chunks): another task got {turns} turn(s) meanwhile; "
                    f"expected {count}, one after each chunk.")
        if {thread for _, _, thread in fed} - {threading.get_ident()}:
            # How many turns the other task gets then depends on how fast the thread is: tell by the thread.
            fail("checksum computed the crc in another thread: the point is to share the event loop's own "
                 "thread, handing it back after every chunk.", evidence,
                 hint="Compute each chunk on the loop, crc = zlib.crc32(chunk, crc), then `await asyncio.sleep(0)`.")
        if elapsed > 0.001:
            fail(f"checksum waited on the clock ({seconds(elapsed)} of loop time) instead of only handing "
                 "control back.", evidence, hint="await asyncio.sleep(0) lets the others run without waiting.")
        if turns == 0:
            fail("checksum computed everything in one go without handing control back: no other task "
                 "could run until it was done.", evidence,
                 hint="After each chunk, `await asyncio.sleep(0)` so that other tasks get a turn.")
        if turns == 1 and count > 1:
            fail(f"checksum handed control back only once for {count} chunks: other tasks must get a "
                 "turn after every chunk.", evidence,
                 hint="Put `await asyncio.sleep(0)` inside the loop over the chunks, and use chunks of "
                      "chunk_size bytes.")
        if turns < count - 1:
            fail(f"checksum handed control back only {turns} times for {count} chunks: other tasks "
                 "must get a turn after every chunk.", evidence)
        if turns > 2 * count + 2:
            fail(f"checksum let other tasks run {turns} times for {count} chunks: hand control back "
                 "once per chunk of chunk_size bytes.", evidence,
                 hint="Compute the chunks on the loop, chunk_size bytes at a time, and hand control back once "
                      "after each.")
        expect_chunk_by_chunk(fed, chunk_size or DEFAULT, evidence)


async def test_takes_no_loop_time(exercise):
    expect_async_def(exercise.checksum, "checksum")
    _, elapsed = await timed(expect_returns(exercise.checksum(random_bytes(10_500), 1000),
                                            what="checksum(10500 bytes, chunk_size=1000)"))
    if elapsed > 0.001:
        fail(f"checksum waited on the clock ({seconds(elapsed)} of loop time) instead of only handing "
             "control back.", "checksum(10500 bytes, chunk_size=1000) should take no loop time at all.",
             hint="await asyncio.sleep(0) lets the others run without waiting; a positive delay "
                  "makes the whole checksum slower.")
