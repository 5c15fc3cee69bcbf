"""averager: a generator-based coroutine yielding the running average; primed: a decorator that primes."""
import inspect

from grader.harness import expect_equal, fail, same

SEQUENCES = [[10, 30, 5], [1, 2], [0.1, 0.2, 0.4], [-4, 4, 3, 1.5]]
STATE_HINT = ("Keep a running total and a count in local variables before the loop; `value = yield average` "
              "receives the next number, then update the total, the count and the average.")


def start_averager(exercise):
    """averager() primed with next(): the generator and what it yielded first."""
    avg = exercise.averager()
    if not inspect.isgenerator(avg):
        fail(f"averager() returned {avg!r}, not a generator.",
             hint="A def with `yield` in its body is a generator function; `value = yield average` both hands "
                  "out the average and receives the next value.")
    try:
        first = next(avg)
    except StopIteration:
        fail("averager ended at once, before receiving any value: it should loop forever (while True).")
    return avg, first


def send_all(avg, values):
    """Send each value; what the averager yielded after each."""
    answers = []
    for value in values:
        try:
            answers.append(avg.send(value))
        except StopIteration:
            fail(f"averager stopped after {len(answers) + 1} value(s): it should go on receiving values forever.",
                 hint="Put the yield inside a `while True:` loop.")
    return answers


def running(values, combine):
    return [combine(values[:i]) for i in range(1, len(values) + 1)]


def test_averager_yields_none_when_primed(exercise):
    avg, first = start_averager(exercise)
    expect_equal(first, None, what="the first next() of averager()", mistakes=[
        (0, "averager yielded 0 when primed: there is no average yet, so the first yield gives None."),
    ])
    avg.close()


def test_averager_yields_the_running_average(exercise):
    for values in SEQUENCES:
        avg, _ = start_averager(exercise)
        answers = send_all(avg, values)
        expected = running(values, lambda seen: sum(seen) / len(seen))
        mistakes = [
            (running(values, lambda seen: sum(seen) // len(seen)),
             "averager used integer division (//): the average of 1 and 2 is 1.5."),
            ([None, *expected[:-1]], "averager is one step behind: after each send it yielded the average before "
                                     "that value arrived."),
            (running(values, sum), "averager yielded the running total, not the average."),
            (list(values), "averager yielded each value it was sent, not the average of all of them."),
            (running(values, lambda seen: sum(seen[-2:]) / len(seen[-2:])),
             "averager averaged only the last two values, not all of them."),
            (running(values, lambda seen: sum(seen) / (len(seen) + 1)),
             "averager counted one value too many: divide by the number of values sent so far."),
            (running(values, lambda seen: round(sum(seen) / len(seen), 2)),
             "averager rounded the average: yield it as it is."),
        ]
        expect_equal(answers, expected, what=f"averager (sent {', '.join(map(str, values))})",
                     mistakes=[(wrong, headline) for wrong, headline in mistakes if wrong != expected],
                     hint=STATE_HINT)
        avg.close()


def test_each_averager_keeps_its_own_average(exercise):
    alone, _ = start_averager(exercise)
    by_itself = send_all(alone, [10, 20])
    first, _ = start_averager(exercise)
    second, _ = start_averager(exercise)
    turns = [(first, 10), (second, 100), (first, 20), (second, 300)]
    taking_turns = [send_all(gen, [value])[0] for gen, value in turns]
    evidence = [f"One averager sent 10 and 20 yielded {by_itself!r}.",
                f"Two averagers taking turns, the first sent 10 and 20, the second 100 and 300, yielded "
                f"{taking_turns!r}."]
    if not all(map(same, by_itself, taking_turns[0::2])):
        fail("The averagers share one total: what one averager yields depends on the values sent to another.",
             *evidence, hint=STATE_HINT)
    expect_equal(taking_turns, [10.0, 100.0, 15.0, 200.0], what="two averagers taking turns", evidence=evidence,
                 hint=STATE_HINT)


# --- primed -------------------------------------------------------------------------------------------------

def decorate(exercise, gen_fn):
    """primed(gen_fn), failing clearly unless it is a function."""
    hint = "def primed(gen_fn):\n    def start(*args, **kwargs):\n        ...\n    return start"
    try:
        made = exercise.primed(gen_fn)
    except TypeError as error:
        problem = f"TypeError: {error}"
    else:
        problem = None
    if problem:
        fail("primed(gen_fn) called gen_fn at once, without the arguments: primed must return a function that "
             "makes and primes a new generator each time it is called.", f"It raised {problem}", hint=hint)
    if inspect.isgenerator(made):
        made.close()
        fail("primed(gen_fn) returned a generator: primed must return a function that makes and primes a new "
             "generator each time it is called (that is what a decorator does).", hint=hint)
    if not callable(made):
        fail(f"primed(gen_fn) returned {made!r}, not a function.")
    return made


def make(function, *args, **kwargs):
    """Call the function primed returned; it must give the generator."""
    gen = function(*args, **kwargs)
    if not inspect.isgenerator(gen):
        fail(f"The function primed returned gave {gen!r} instead of the generator: return the generator itself "
             "(not what next() yielded).")
    return gen


def recorder(trace):
    """A generator that notes how far it got: "started" at its first step, then every value it receives."""
    trace.append("started")
    while True:
        received = yield len(trace)
        trace.append(received)


def test_primed_primes_the_generator(exercise):
    trace = []
    gen = make(decorate(exercise, recorder), trace)
    if inspect.getgeneratorstate(gen) == inspect.GEN_CREATED:
        fail("primed did not prime the generator: it came back before reaching its first yield, so send() raises "
             "TypeError on it.", hint="Call next(gen) once before returning gen.")
    expect_equal(trace, ["started"], what="how far the primed generator ran (what it noted)", mistakes=[
        (["started", None], "primed advanced the generator twice: one next() is enough to prime it."),
    ])
    expect_equal(gen.send("hello"), 2, what="gen.send('hello') on the primed generator")
    expect_equal(trace, ["started", "hello"], what="what the primed generator noted after send('hello')")


def test_primed_makes_a_new_generator_every_call(exercise):
    start = decorate(exercise, recorder)
    first_trace, second_trace = [], []
    first = make(start, first_trace)
    second = make(start, second_trace)
    if first is second:
        fail("primed's function returned the same generator twice: it must make a new one at every call.")
    first.send("a")
    expect_equal((first_trace, second_trace), (["started", "a"], ["started"]),
                 what="what two generators made by one primed function noted, after sending 'a' to the first")


def scaled(factor, *, offset=0):
    """Scales what it is sent: x -> x * factor + offset."""
    received = yield "ready"
    while True:
        received = yield received * factor + offset


def test_primed_passes_the_arguments_on(exercise):
    start = decorate(exercise, scaled)
    try:
        gen = make(start, 3, offset=1)
    except TypeError as error:
        problem = str(error)
    else:
        expect_equal(gen.send(2), 7, what="primed(scaled)(3, offset=1).send(2) (2 * 3 + 1)", mistakes=[
            (6, "primed dropped the keyword arguments: pass **kwargs on to gen_fn too."),
        ])
        expect_equal(make(start, 5).send(2), 10, what="primed(scaled)(5).send(2)")
        return
    fail(f"primed lost the arguments: calling the decorated function with (3, offset=1) raised TypeError: {problem}",
         hint="The function primed returns takes `*args, **kwargs` and calls gen_fn(*args, **kwargs).")


def test_primed_keeps_the_functions_name(exercise):
    name = getattr(decorate(exercise, scaled), "__name__", None)
    expect_equal(name, "scaled", what="the __name__ of primed(scaled)", mistakes=[
        (name if name != "scaled" else None,
         f"primed lost the function's name: the decorated function is called {name!r} instead of 'scaled'."),
    ], hint="Decorate your inner function with @functools.wraps(gen_fn): it copies the name, the docstring and more.")
