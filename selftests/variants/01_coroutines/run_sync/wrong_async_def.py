"""expect: run_sync must be a plain function (def), not async def"""


async def run_sync(coro_fn, /, *args, **kwargs):
    return await coro_fn(*args, **kwargs)
