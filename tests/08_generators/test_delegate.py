"""delegate: summarize returns (count, average); delegator hands every send() on with yield from."""
import inspect
from fractions import Fraction

from grader.harness import expect_equal, fail

YIELD_FROM_HINT = "`result = yield from summarize()` forwards every send() to summarize and gives you its return value."


def start(function, name, *args):
    """Call a generator function and prime the generator (run it to its first yield)."""
    gen = function(*args)
    if not inspect.isgenerator(gen):
        fail(f"{name}() should give a generator, but it gave {gen!r}.",
             hint="A function becomes a generator function when its body contains `yield`.")
    try:
        next(gen)
        return gen
    except StopIteration:
        pass
    fail(f"{name} ended before it received anything: it should wait at a `yield` for values.")


def feed(gen, value, name):
    """send(value) to a generator that should keep going; returns what it yielded."""
    try:
        return gen.send(value)
    except StopIteration as stop:
        returned = stop.value
    if value == 0:
        fail(f"{name} stopped when it received 0: 0 is a number like any other; only None ends it.",
             f"It returned {returned!r}.", hint="Test `value is None`, not `not value` (0 is falsy too).")
    fail(f"{name} stopped when it received {value!r}; only None should end it.", f"It returned {returned!r}.")


def finish(gen, name):
    """send(None) to summarize: it must return, and its return value comes out in StopIteration."""
    try:
        yielded = gen.send(None)
    except StopIteration as stop:
        return stop.value
    except ZeroDivisionError:
        yielded = DIVIDED_BY_ZERO
    if yielded is DIVIDED_BY_ZERO:
        divided_by_zero()
    fail(f"{name} kept going after it received None (it yielded {yielded!r}); None means: stop and "
         "return (count, average).")


DIVIDED_BY_ZERO = object()


def divided_by_zero():
    fail("summarize raised ZeroDivisionError for no numbers at all: the average of nothing should be 0.0.",
         hint="Return (0, 0.0) when the count is 0, instead of dividing by it.")


def end_round(d, number):
    """send(None) to the delegator: summarize returns, and the delegator must start the next round."""
    try:
        d.send(None)
        return
    except StopIteration:
        stopped = True
    except ZeroDivisionError:
        stopped = False
    if not stopped:
        divided_by_zero()
    fail(f"delegator stopped after {number} summar{'y' if number == 1 else 'ies'}: it should start a "
             "new summarize and go on forever.", hint="Put the yield from inside a `while True:` loop.")


def summary_of(exercise, values):
    gen = start(exercise.summarize, "summarize")
    for value in values:
        feed(gen, value, "summarize")
    return finish(gen, "summarize")


def test_summarize_returns_count_and_average(exercise):
    for values, expected in [([4, 8, 15, 16, 23, 42], (6, 18.0)), ([1, 2, 2], (3, 5 / 3)), ([-3], (1, -3.0))]:
        expect_equal(summary_of(exercise, values), expected, what=f"summarize fed {values}", mistakes=[
            ((expected[0], expected[0] * expected[1]), "summarize returned the sum instead of the average."),
            ((expected[0] + 1, expected[1]), "summarize counted one value too many (is None counted too?)."),
        ], hint="Return a tuple: `return count, total / count`; the return value travels in StopIteration.value.")


def test_summarize_counts_zero_as_a_number(exercise):
    expect_equal(summary_of(exercise, [0, 0, 6]), (3, 2.0), what="summarize fed [0, 0, 6]", mistakes=[
        ((1, 6.0), "summarize skipped the zeros: 0 is a number like any other; only None ends it."),
    ])


def test_summarize_of_nothing_is_zero(exercise):
    expect_equal(summary_of(exercise, []), (0, 0.0), what="summarize fed no numbers",
                 hint="With no numbers the average is 0.0: return (0, 0.0) instead of dividing by 0.")


def test_summarize_yields_nothing_while_collecting(exercise):
    gen = start(exercise.summarize, "summarize")
    for value in [1, 2, 3]:
        yielded = feed(gen, value, "summarize")
        if yielded is not None:
            fail(f"summarize yielded {yielded!r} after receiving {value!r}; it should yield nothing "
                 "(a bare `yield`) and give its summary only as its return value.")
    finish(gen, "summarize")


class Results(list):
    """The results list; it fails the test if the delegator appends without ever waiting."""

    LIMIT = 100

    def _check(self, adding):
        if len(self) + adding > self.LIMIT:
            fail(f"delegator appended more than {self.LIMIT} results without waiting for any value: it "
                 "loops without yielding.",
                 "A finished generator cannot be resumed: `yield from` on it returns None at once.",
                 hint="Call summarize() afresh inside the loop, for every round.")

    def append(self, item):
        self._check(1)
        super().append(item)

    def extend(self, items):
        items = list(items)
        self._check(len(items))
        super().extend(items)

    def __iadd__(self, items):
        self.extend(items)
        return self


class FakeSummarize:
    """Stands in for summarize: records what each run receives; returns ("summary", round, values)."""

    def __init__(self):
        self.runs = []

    def __call__(self):
        received = []
        self.runs.append(received)
        number = len(self.runs)

        def run():
            while True:
                value = yield
                if value is None:
                    return "summary", number, tuple(received)
                received.append(value)

        return run()


def fake_summarize(monkeypatch, exercise):
    fake = FakeSummarize()
    monkeypatch.setattr(exercise, "summarize", fake)
    return fake


def expect_summarize_used(fake):
    if not fake.runs:
        fail("delegator did not call summarize: it should delegate to it with yield from.", hint=YIELD_FROM_HINT)


def test_delegator_forwards_every_send(exercise, monkeypatch):
    fake = fake_summarize(monkeypatch, exercise)
    d = start(exercise.delegator, "delegator", Results())
    sent = [Fraction(1, 3), 2.5, 0, -7, 10**20]
    for value in sent:
        feed(d, value, "delegator")
    expect_summarize_used(fake)
    received = fake.runs[0]
    if len(received) != len(sent) or any(a is not b for a, b in zip(received, sent)):
        fail("delegator did not pass the values sent to it on to summarize unchanged.",
             f"Sent to delegator: {sent!r}", f"summarize received: {received!r}", hint=YIELD_FROM_HINT)


def test_delegator_appends_every_result(exercise, monkeypatch):
    fake = fake_summarize(monkeypatch, exercise)
    results = Results()
    d = start(exercise.delegator, "delegator", results)
    expected = []
    for number, values in enumerate([[1, 2], [], [5]], start=1):
        for value in values:
            feed(d, value, "delegator")
        end_round(d, number)
        expect_summarize_used(fake)
        expected.append(("summary", number, tuple(values)))
        if not results:
            fail("delegator did not append summarize's result to results.",
                 f"After summarize returned {expected[0]!r}, results was still empty.",
                 hint="`result = yield from summarize()` then `results.append(result)`.")
        expect_equal(list(results), expected, what=f"results after {number} round(s) of summarize",
                     hint="Append exactly what summarize returned, once per round.")


def test_delegator_with_the_real_summarize(exercise):
    results = Results()
    d = start(exercise.delegator, "delegator", results)
    for value in [10, 20]:
        feed(d, value, "delegator")
    end_round(d, 1)
    feed(d, 7, "delegator")
    end_round(d, 2)
    end_round(d, 3)
    expect_equal(list(results), [(2, 15.0), (1, 7.0), (0, 0.0)],
                 what="results after sending 10, 20, None, 7, None, None to delegator")
