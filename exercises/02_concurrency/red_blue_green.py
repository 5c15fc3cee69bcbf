"""Three at once: the same coroutine, run side by side.

A coroutine function can be called as often as you like: every call makes a fresh coroutine with
its own local state. Run three of them at once and the event loop switches between them each time
one of them awaits, so their steps interleave.

That switching only works if every wait hands control back to the loop. `await asyncio.sleep(1)`
does: "wake me in 1 s, run the others meanwhile". `time.sleep(1)` does not: it freezes the whole
program, every other coroutine included, for a full second.

Your task:

- `colors(out)`: sleep 1 s, append "red" to `out`; sleep 1 s, append "blue"; sleep 1 s, append
  "green". Alone it takes 3 s.
- `three_at_once(out)`: run colors(out) three times at once, all sharing the same `out`. It takes
  3 s in all (not 9 s), and `out` ends up as
  ["red", "red", "red", "blue", "blue", "blue", "green", "green", "green"].

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
"""
import asyncio


# TODO: 1 s, "red"; 1 s, "blue"; 1 s, "green" (without ever blocking the loop).
async def colors(out: list[str]) -> None:
    raise NotImplementedError("colors")


# TODO: run colors(out) three times at once: 3 s in all.
async def three_at_once(out: list[str]) -> None:
    raise NotImplementedError("three_at_once")
