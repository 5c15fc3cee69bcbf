import contextlib


def run_sync(coro_fn, /, *args, **kwargs):
    # contextlib.closing calls loop.close() on the way out, however the coroutine ends.
    with contextlib.closing(asyncio.new_event_loop()) as loop:
        return loop.run_until_complete(coro_fn(*args, **kwargs))
