"""Your first coroutine.

A function written with `async def` is a *coroutine function*. Calling it does not run its body:
it hands you a *coroutine object*, a paused computation. The body runs when something awaits that
object, either another coroutine (`await greet("Ada")`) or the event loop (`asyncio.run(...)`).

    async def answer() -> int:
        return 42

    answer()               # <coroutine object answer at 0x...>: nothing has run yet
    await answer()         # 42 (inside another async def)
    asyncio.run(answer())  # 42 (from ordinary code)

Your task: write the coroutine function `greet(name)` that returns "Hello, <name>!".
For example, `await greet("Ada")` gives "Hello, Ada!".

Check your work with `kata` or `pytest tests/01_coroutines/test_greet.py`.
"""


# TODO: make greet a coroutine function that returns "Hello, <name>!".
def greet(name: str) -> str:
    raise NotImplementedError("greet")
