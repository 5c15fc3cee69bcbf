"""One blocking call stalls every task.

asyncio runs all your tasks in a single thread, taking turns. A task keeps the thread until it
reaches an `await` that has to wait; only then can the event loop run another task. This is
*cooperative* multitasking: every task must hand control back, often.

`await asyncio.sleep(1)` hands control back: "wake me in 1 s, run the others meanwhile".
`time.sleep(1)` does not: it is an ordinary function that holds the thread for a whole second, so
nothing else runs. Ten greetings with time.sleep take 10 s even when started "at once", because
each one freezes the loop in turn. The same goes for any blocking call (reading a file, a
`requests.get`, a long computation): the next exercises show where such work should go instead.

    async def nap() -> None:
        time.sleep(1)            # freezes the whole program for 1 s
        await asyncio.sleep(1)   # waits 1 s while other tasks run

Your task:

- `slow_greeting(name)` waits 1 s, then returns "Hello, <name>!". It ships with time.sleep:
  make it wait without blocking the loop.
- `greet_everyone(names)`: slow_greeting for every name, all at once, the greetings in the order
  of `names`. Any number of names takes 1 s in all; `await greet_everyone([])` gives [].

The tests run on a virtual clock: sleeping costs no real time, and loop time is measured exactly.
They also watch for blocking calls and name the line that made one.
"""
import asyncio
import time


# TODO: time.sleep freezes the event loop for a whole second: no other task can run meanwhile.
async def slow_greeting(name: str) -> str:
    time.sleep(1)
    return f"Hello, {name}!"


# TODO: run slow_greeting for every name at once; return the greetings in the order of names.
async def greet_everyone(names: list[str]) -> list[str]:
    raise NotImplementedError("greet_everyone")
