"""missing_await: total_price awaits get_price for every item and adds up what it returns."""
import asyncio
import inspect
import types

from grader.harness import expect_async_def, expect_duration, expect_equal, fail, raised_in, spy, timed

# Other prices than PRICES: a total_price that reads PRICES itself gets these wrong.
SALE = {"apple": 0.25, "bread": 1.5, "cheese": 3.0, "milk": 1.0}


def has_async_generator_expression(function):
    """An `await` inside a generator expression makes it an async generator: its code says so."""
    return any(isinstance(const, types.CodeType) and const.co_flags & inspect.CO_ASYNC_GENERATOR
               for const in function.__code__.co_consts)


async def run_total(exercise, items):
    """Await total_price(items); return (total, loop seconds). Names the async-generator slip."""
    expect_async_def(exercise.total_price, "total_price")
    try:
        return await timed(exercise.total_price(items))
    except TypeError as raised:
        if not (raised_in(raised, exercise.total_price) and has_async_generator_expression(exercise.total_price)):
            raise
        error = raised
    fail("total_price passed sum() an async generator: an `await` inside a generator expression makes "
         "it one, and sum() cannot read it.",
         f"total_price({items!r}) raised TypeError: {error}",
         hint="Collect the prices first (a for loop, or a list comprehension in square brackets), "
              "then add them up.")


async def test_adds_up_the_prices(exercise):
    prices = exercise.PRICES
    for items in [["apple"], ["bread", "milk", "cheese"], ["apple", "apple", "bread"], []]:
        total, _ = await run_total(exercise, items)
        expect_equal(total, sum(prices[item] for item in items), what=f"total_price({items!r})",
                     mistakes=[(prices[items[-1]], "total_price kept only the last price instead of "
                                                   "adding them all up.")] if len(items) > 1 else [])


async def test_asks_get_price_for_every_item(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "get_price")
    items = ["cheese", "apple", "cheese", "milk"]
    await run_total(exercise, items)
    if calls.count == 0:
        fail("total_price never called get_price: the prices were looked up in PRICES directly "
             "instead of through get_price.",
             hint="Every price must come from `await get_price(item)`.")
    asked = [call.args[0] if call.args else call.kwargs.get("item") for call in calls.calls]
    if sorted(asked, key=str) != sorted(items):
        fail(f"total_price should ask get_price once for each of the {len(items)} items, "
             f"but called it {calls.count} time(s).",
             f"Items: {items!r}", calls.timeline())


async def test_uses_what_get_price_returns(exercise, monkeypatch):
    async def get_price(item: str) -> float:
        await asyncio.sleep(0.1)
        return SALE[item]

    get_price.__qualname__ = "get_price"  # messages name it like the helper it replaces
    monkeypatch.setattr(exercise, "get_price", get_price)
    items = ["bread", "cheese", "milk"]
    total, _ = await run_total(exercise, items)
    expect_equal(total, sum(SALE[item] for item in items), what=f"total_price({items!r})",
                 evidence=[f"(For this test get_price returns sale prices: {SALE!r}.)"],
                 mistakes=[(sum(exercise.PRICES[item] for item in items),
                            "total_price looked the prices up in PRICES directly instead of through "
                            "get_price: it ignored what get_price returned.")])


async def test_waits_for_the_prices(exercise, monkeypatch):
    # One get_price after another takes 0.1 s per item; all at once takes 0.1 s. Both are fine.
    calls = spy(monkeypatch, exercise, "get_price")
    items = ["apple", "bread", "milk"]
    _, elapsed = await run_total(exercise, items)
    at_once = calls.max_in_flight > 1
    expected = 0.1 if at_once else 0.1 * len(items)
    expect_duration(elapsed, expected, what=f"total_price({items!r})", evidence=[calls.timeline()], mistakes={
        0.0: "total_price returned at once: it did not wait for get_price (0.1 s per call).",
        0.2 * len(items): "total_price asked get_price twice for every item.",
    }, hint=None if at_once else "Await get_price once per item.")
    _, elapsed = await run_total(exercise, [])
    expect_duration(elapsed, 0.0, what="total_price([])", mistakes={
        0.1: "total_price([]) waited 0.1 s for nothing: with no items there is no price to ask for.",
    })


async def test_unknown_item_raises_key_error(exercise):
    items = ["apple", "dragonfruit"]
    try:
        total, _ = await run_total(exercise, items)
    except KeyError:
        return
    except ExceptionGroup as raised:
        group = raised
    else:
        fail(f"total_price({items!r}) returned {total!r}; an unknown item should raise KeyError.",
             "get_price raises KeyError for \"dragonfruit\": let it through instead of skipping the item.")
    fail(f"total_price({items!r}) raised an {type(group).__name__} instead of a plain KeyError.",
         f"It wrapped: {', '.join(repr(e) for e in group.exceptions)}",
         hint="A TaskGroup wraps the errors of its tasks in an ExceptionGroup; asyncio.gather or a "
              "for loop lets the KeyError itself through.")
