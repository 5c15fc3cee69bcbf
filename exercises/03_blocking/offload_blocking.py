"""Blocking I/O goes to a thread.

Some work blocks and there is no async version at hand: an old library, a plain file read, a
function you cannot change. Called from a coroutine, it freezes the event loop for as long as it
runs. The way out is to run it in a *worker thread*: the blocking call waits there, while the
loop's own thread stays free to run every other task.

    text = await asyncio.to_thread(read_slowly, path)   # runs read_slowly(path) in a thread

`asyncio.to_thread(func, *args)` (or the older `loop.run_in_executor(None, func, *args)`) hands
`func` to a pool of threads and gives you something to await; the result comes back when the
thread is done. Note that you pass the function and its arguments, not `read_slowly(path)`: that
would call it right here, on the loop.

Each such call is an awaitable like any other, so the rules of the previous exercises apply: await
them one by one and they run one after another; gather them and they run side by side, each in
its own thread. Threads suit *waiting* (disk, network, sleep); they do not make Python code
compute faster (see cpu_in_processes).

Your task: `read_slowly(path)` (given) is a blocking read: it sleeps 0.2 s, then returns the text
of the file. Write `read_all(paths)`: the contents of every path, in the order of `paths`, each
read by read_slowly in a worker thread, all at once. Five files take about 0.2 s, not 1.0 s, and
the loop stays responsive meanwhile. `await read_all([])` gives [].

These tests use the real clock and real threads: they count how many reads run at the same time,
and check that a heartbeat task keeps ticking while your code runs.
"""
import asyncio
import time
from pathlib import Path


def read_slowly(path: Path) -> str:
    time.sleep(0.2)  # a slow disk or network share
    return path.read_text()


# TODO: read every path with read_slowly, each in a worker thread, all at once; keep the order.
async def read_all(paths: list[Path]) -> list[str]:
    raise NotImplementedError("read_all")
