"""All or nothing: a task group.

Say a page needs three things fetched at once: the user, their orders and their messages. If one
fetch fails, the page cannot be shown, so the other two are wasted work. Better to stop them at
once than to let them run on with nobody waiting for their results.

`asyncio.TaskGroup` does exactly that. Tasks started inside `async with asyncio.TaskGroup()` belong
to the group, and the `async with` block ends only when all of them are done. If one of them
raises, the group cancels the others straight away, waits for them to finish cancelling, and then
raises an `ExceptionGroup` holding the failure(s). Nothing is left running behind your back: this
is called *structured concurrency*.

    async with asyncio.TaskGroup() as group:
        user = group.create_task(fetch_user())
        orders = group.create_task(fetch_orders())
    # here both tasks are done: user.result(), orders.result()

An `ExceptionGroup` bundles several exceptions; catch the ones you care about with `except*`:

    try:
        ...
    except* ValueError as group:
        print(group.exceptions)   # the ValueErrors inside

Your task: write `fetch_all_or_nothing(makers)`. Each maker is a function with no arguments that
returns a coroutine (call it, `make()`, to get one). Run every maker's coroutine at once and return
their results in the order of `makers`. If any of them raises, the others are cancelled at once and
an `ExceptionGroup` holding the failure(s) is raised.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


# TODO: run every maker at once in a task group; return the results in order.
async def fetch_all_or_nothing(makers: list[Callable[[], Awaitable[T]]]) -> list[T]:
    raise NotImplementedError("fetch_all_or_nothing")
