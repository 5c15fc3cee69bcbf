"""expect: run_sync swallowed the exception"""


def run_sync(coro_fn, /, *args, **kwargs):
    try:
        return asyncio.run(coro_fn(*args, **kwargs))
    except Exception as error:
        print(f"run_sync: {error}")
        return None
