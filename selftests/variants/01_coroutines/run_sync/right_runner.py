def run_sync(coro_fn, /, *args, **kwargs):
    with asyncio.Runner() as runner:
        return runner.run(coro_fn(*args, **kwargs))
