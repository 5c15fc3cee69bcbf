"""expect: instead of letting the coroutine's OutOfMelons('no melons today') through unchanged"""


def run_sync(coro_fn, /, *args, **kwargs):
    try:
        return asyncio.run(coro_fn(*args, **kwargs))
    except Exception as error:
        raise RuntimeError(f"the coroutine failed: {error}") from error
