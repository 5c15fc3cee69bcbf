"""expect: run_sync reused the same event loop for a second call

One loop made at import time, closed after the first call: the second call finds it closed.
"""
LOOP = asyncio.new_event_loop()


def run_sync(coro_fn, /, *args, **kwargs):
    try:
        return LOOP.run_until_complete(coro_fn(*args, **kwargs))
    finally:
        LOOP.close()
