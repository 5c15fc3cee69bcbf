"""From ordinary code into async code: reference solution."""
import asyncio


def run_sync(coro_fn, /, *args, **kwargs):
    return asyncio.run(coro_fn(*args, **kwargs))
