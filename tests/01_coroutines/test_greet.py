"""greet: a coroutine function that returns "Hello, <name>!"."""
import inspect

from grader.harness import expect_async_def, expect_equal, fail


def test_greet_is_a_coroutine_function(exercise):
    expect_async_def(exercise.greet, "greet")


async def test_calling_greet_runs_nothing_until_awaited(exercise):
    expect_async_def(exercise.greet, "greet")
    coro = exercise.greet("Ada")
    if not inspect.iscoroutine(coro):
        fail(f"greet('Ada') should give a coroutine object to await, but gave {coro!r}.")
    await coro  # what it returns is test_greets_any_name's business: each test names one mistake


async def test_greets_any_name(exercise):
    expect_async_def(exercise.greet, "greet")
    for name in ["Grace", "Guido van Rossum", "", "Zoë"]:
        expect_equal(
            await exercise.greet(name),
            f"Hello, {name}!",
            what=f"greet({name!r})",
            mistakes=[(f"Hello {name}!", "The comma after Hello is missing."),
                      (f"Hello, {name}", "The exclamation mark at the end is missing.")],
        )
