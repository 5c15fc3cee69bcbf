"""expect: run_sync left the event loop open when the coroutine raised

Closes the loop on the way out only when the coroutine returns: an exception skips loop.close().
"""


def run_sync(coro_fn, /, *args, **kwargs):
    loop = asyncio.new_event_loop()
    result = loop.run_until_complete(coro_fn(*args, **kwargs))
    loop.close()
    return result
