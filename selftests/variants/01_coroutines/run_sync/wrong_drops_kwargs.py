"""expect: run_sync dropped the keyword arguments"""


def run_sync(coro_fn, /, *args, **kwargs):
    return asyncio.run(coro_fn(*args))
