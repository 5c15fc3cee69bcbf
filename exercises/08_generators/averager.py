"""Generator-based coroutines: send() values in, get answers out.

A generator can also *receive* values. `yield` is an expression: `x = yield out` hands `out` to
the caller and pauses; the caller resumes it with `gen.send(value)`, and that value becomes x.
`send(v)` returns whatever the generator yields next. A generator used this way is a
*generator-based coroutine*: the ancestor of `async def`, and still how coroutines work inside (an
event loop drives a coroutine by calling its send()).

A fresh generator has not reached its first `yield` yet, so there is nothing to receive a value:
`gen.send(5)` on it raises TypeError. First *prime* it with `next(gen)` (the same as
`gen.send(None)`), which runs it up to the first yield.

    def echo():
        reply = None
        while True:
            received = yield reply
            reply = f"got {received}"

    gen = echo()
    next(gen)          # None: primed, waiting at the yield
    gen.send("hi")     # 'got hi'

Your task:

- `averager()`: a generator-based coroutine. Primed with next() it yields None (no average yet); then
  each `send(x)` yields the running average of all the values sent so far.

      avg = averager()
      next(avg)        # None
      avg.send(10)     # 10.0
      avg.send(30)     # 20.0
      avg.send(5)      # 15.0

- `primed(gen_fn)`: a decorator that saves everyone the priming. It returns a function that takes the
  same arguments as gen_fn, creates the generator with them, primes it with next() and hands it back.
  Keep the wrapped function's name (functools.wraps does that, and more).

      @primed
      def my_echo():
          ...

      gen = my_echo()  # ready: gen.send("hi") works at once
"""
import functools  # noqa: F401 (yours to use, if you like)
from typing import Generator


# TODO: yield None first; then, for each value sent in, yield the running average of everything so far.
def averager() -> Generator[float | None, float, None]:
    raise NotImplementedError("averager")
    yield  # the `yield` makes this a generator function


# TODO: return a function that makes gen_fn's generator (passing the arguments on), primes it, returns it.
def primed(gen_fn):
    raise NotImplementedError("primed")
