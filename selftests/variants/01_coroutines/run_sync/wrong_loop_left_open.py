"""expect: run_sync left the event loop open"""


def run_sync(coro_fn, /, *args, **kwargs):
    loop = asyncio.new_event_loop()
    return loop.run_until_complete(coro_fn(*args, **kwargs))
