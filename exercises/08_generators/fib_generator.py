"""Generators: functions that pause, and their return value.

This topic opens the hood: asyncio's coroutines grew out of plain generators, and the next few
exercises build up to an event loop of your own. No asyncio here, just Python.

A function with `yield` in its body is a *generator function*. Calling it runs nothing: it hands you
a generator, a paused function. Each `next(gen)` runs it up to the next `yield` and gives you the
yielded value; the generator then waits, with all its local variables, until you ask again. Values
are made *on demand*, one at a time, so a generator can even be endless: the caller decides how many
to take.

    def count_up():
        n = 0
        while True:
            yield n
            n += 1

    gen = count_up()   # nothing has run yet
    next(gen)          # 0
    next(gen)          # 1

When the function ends, `next` raises StopIteration. A generator may also `return` a value: it
travels inside that StopIteration, as `stop.value`. A `for` loop (and list()) quietly swallows the
StopIteration, and the return value with it; to get it, call next() yourself and catch it:

    try:
        next(gen)
    except StopIteration as stop:
        print(stop.value)

That return value matters later on: it is how `yield from`, and then `await`, hand a result back.

Your task:

- `fib(limit)`: a generator of the Fibonacci numbers below limit, 0, 1, 1, 2, 3, 5, 8, ..., one at a
  time (never build a list first: `fib(10 ** 1000)` must hand out its first numbers at once), and
  returns "Done" when it gets to limit.
- `drain(gen)`: runs any generator to its end and returns `(items, value)`: the list of everything
  it yielded, and its return value.

    drain(fib(10))   # ([0, 1, 1, 2, 3, 5, 8], "Done")
"""
from typing import Generator


# TODO: yield the Fibonacci numbers below limit, one at a time, then return "Done".
def fib(limit: int) -> Generator[int, None, str]:
    raise NotImplementedError("fib")
    yield  # the `yield` makes this a generator function


# TODO: (everything gen yields, as a list; gen's return value, from StopIteration.value).
def drain(gen: Generator) -> tuple[list, object]:
    raise NotImplementedError("drain")
