"""fib_generator: a lazy Fibonacci generator that returns "Done"; drain keeps the items and the return value."""
import inspect

from grader.harness import expect_equal, fail

FIB_100 = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]
LAZY_HINT = ("Keep just the last two numbers in local variables and `yield` each number as soon as you have it: "
             "`while a < limit: yield a; a, b = b, a + b`.")
STOP_VALUE_HINT = ("Call next(gen) yourself in a loop; when it raises StopIteration, the return value is "
                   "`stop.value` (`except StopIteration as stop:`).")


class TooEager(Exception):
    """Raised by CountingLimit once fib has compared against it far more often than it handed out numbers."""


class CountingLimit(int):
    """A huge limit that counts how often it is compared with, and stops a fib that runs ahead.

    `a < limit` calls CountingLimit.__gt__ (a subclass's reflected method goes first), and so on."""

    def __new__(cls, value, budget):
        made = super().__new__(cls, value)
        made.compared = 0
        made.budget = budget
        return made

    def _counted(self, result):
        self.compared += 1
        if self.compared > self.budget:
            raise TooEager
        return result

    def __lt__(self, other):
        return self._counted(int(self) < other)

    def __le__(self, other):
        return self._counted(int(self) <= other)

    def __gt__(self, other):
        return self._counted(int(self) > other)

    def __ge__(self, other):
        return self._counted(int(self) >= other)

    def __repr__(self):
        return "10 ** 1000"


def make_fib(exercise, limit):
    """fib(limit), failing clearly unless it is a generator."""
    gen = exercise.fib(limit)
    if not inspect.isgenerator(gen):
        shown = repr(gen) if len(repr(gen)) < 80 else repr(gen)[:77] + "..."
        fail(f"fib({limit!r}) returned a {type(gen).__name__} instead of a lazy generator: {shown}",
             hint="Use `yield` for each number instead of collecting them: a function with `yield` in it is a "
                  "generator function, and each number is computed only when it is asked for.")
    return gen


def fib_numbers(exercise, limit):
    """Everything fib(limit) yields (at most 200 items) and its return value."""
    gen = make_fib(exercise, limit)
    items = []
    while len(items) < 200:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
    gen.close()
    fail(f"fib({limit}) did not stop: it yielded more than 200 numbers.", f"The first ones: {items[:15]!r}",
         hint="Stop once the next number is not below limit.")


def test_fib_is_a_generator(exercise):
    # A generator function, or a function that returns a generator (a wrapper around an inner generator
    # function behaves the same): what matters is what fib(limit) gives.
    gen = make_fib(exercise, 10)
    expect_equal(next(gen, "nothing: it ended at once"), 0, what="the first next() of fib(10)")
    gen.close()


def test_fib_yields_the_numbers_below_limit(exercise):
    for limit, expected in [(100, FIB_100), (89, FIB_100[:-1]), (2, [0, 1, 1]), (1, [0]), (0, [])]:
        items, _ = fib_numbers(exercise, limit)
        expect_equal(items, expected, what=f"the numbers fib({limit}) yields", mistakes=[
            ([*expected, "Done"], f"fib({limit}) yielded \"Done\" as an item: `return \"Done\"` instead, so that it "
                                  "travels inside StopIteration."),
            ([x for x in FIB_100 if x <= limit], f"fib({limit}) included the limit itself: only the numbers below "
                                                  "limit."),
            (expected[1:], "fib started at 1: the sequence starts 0, 1, 1, 2."),
            (expected[:1] + expected[2:], "fib left out the second 1: the sequence starts 0, 1, 1, 2."),
        ])


def test_fib_hands_out_numbers_on_demand(exercise):
    limit = CountingLimit(10 ** 1000, budget=100)
    taken, ran_ahead = [], False
    try:
        gen = make_fib(exercise, limit)
        for _ in range(5):
            taken.append(next(gen))
            if limit.compared > 4 * len(taken) + 4:
                ran_ahead = True
                break
    except TooEager:
        ran_ahead = True
    if ran_ahead:
        fail("fib is not lazy: asked for a few numbers of fib(10 ** 1000), it went on computing far beyond them "
             "(it checked the limit more than " + str(limit.compared - 1) + " times), as if building a list first.",
             f"It had handed out {taken!r}." if taken else "It had not handed out a single number yet.",
             hint=LAZY_HINT)
    expect_equal(taken, FIB_100[:5], what="the first five numbers of fib(10 ** 1000)")
    gen.close()


def test_fib_returns_done(exercise):
    for limit in [10, 0]:
        items, value = fib_numbers(exercise, limit)
        expect_equal(value, "Done", what=f"the return value of fib({limit}) (StopIteration.value)", mistakes=[
            (None, "fib does not return \"Done\": once it gets to limit, `return \"Done\"`."),
        ], evidence=[f"It yielded {items!r}."])


def letters():
    yield "x"
    yield None
    yield 0
    yield "z"
    return 42


def countdown():
    yield 3
    yield 2
    yield 1
    return "Done"


def nothing():
    return "nothing to see"
    yield


def no_return_value():
    yield from range(3)


def test_drain_keeps_the_items_and_the_return_value(exercise):
    if inspect.isgeneratorfunction(exercise.drain):
        fail("drain is a generator itself (it has `yield` in it): calling it runs nothing. It must run gen to "
             "the end and return (items, value).", hint=STOP_VALUE_HINT)
    for gen_fn, expected in [(letters, (["x", None, 0, "z"], 42)), (countdown, ([3, 2, 1], "Done")),
                             (nothing, ([], "nothing to see")),
                             (no_return_value, ([0, 1, 2], None))]:
        items, value = expected
        result = exercise.drain(gen_fn())
        what = f"drain({gen_fn.__name__}())"
        evidence = [f"{gen_fn.__name__}() yields {items!r}, then returns {value!r}."]
        if type(result) is tuple and len(result) == 2:
            expect_equal(result[0], items, what=f"the items of {what}", evidence=evidence, mistakes=[
                (["x"], "drain stopped at the first None item: None is an item like any other."),
                (["x", None], "drain stopped at the first falsy item (0): detect the end by StopIteration, not "
                              "by the item's value."),
            ], hint=STOP_VALUE_HINT)
            expect_equal(result[1], value, what=f"the return value in {what}", evidence=evidence, mistakes=[
                (None, "drain lost the return value: a for loop (or list()) swallows the StopIteration that "
                       "carries it."),
            ], hint=STOP_VALUE_HINT)
        expect_equal(result, expected, what=what, evidence=evidence, mistakes=[
            ([items, value], "drain returned a list; it should return a tuple (items, value)."),
        ], hint=STOP_VALUE_HINT)
