"""Long computations hand control back between chunks.

The event loop can switch tasks only at an `await` that yields. A coroutine that computes for
half a second without one holds the loop for that half second: every other task, every timer,
every network reply waits. Processes (the previous exercise) are one way out. Another, for work
that can be split up, is to compute in *chunks* and hand control back to the loop after each:

    for chunk in chunks:
        work_on(chunk)
        await asyncio.sleep(0)   # "let the others run, then carry on"

`await asyncio.sleep(0)` does not wait at all: it lets every task that is ready take a turn,
then resumes yours. The whole job takes as long as before, but no other task waits longer than
one chunk.

A CRC-32 checksum is easy to split: `zlib.crc32(chunk, crc)` continues a running checksum, so
feeding the data piece by piece gives the same answer as all at once:

    crc = zlib.crc32(b"hello ")
    crc = zlib.crc32(b"world", crc)
    crc == zlib.crc32(b"hello world")   # True

Your task: write `checksum(data, chunk_size=65536)`: zlib.crc32 of `data`, computed chunk by
chunk (`chunk_size` bytes each; the last chunk may be shorter), with `await asyncio.sleep(0)`
after every chunk, so that other tasks run between chunks. `await checksum(b"")` gives 0.

The tests run on a virtual clock, and count how often another task gets a turn while your
checksum runs.
"""
import asyncio
import zlib


# TODO: crc = zlib.crc32(chunk, crc) chunk by chunk, handing control back after every chunk.
async def checksum(data: bytes, chunk_size: int = 65536) -> int:
    raise NotImplementedError("checksum")
