"""expect: run_sync reused the same event loop for a second call

One loop made at import time serves every call (and is never closed).
"""
LOOP = asyncio.new_event_loop()


def run_sync(coro_fn, /, *args, **kwargs):
    return LOOP.run_until_complete(coro_fn(*args, **kwargs))
