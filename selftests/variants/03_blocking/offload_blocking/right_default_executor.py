"""The older spelling: the loop's default executor, futures gathered in order."""


async def read_all(paths):
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(None, read_slowly, path) for path in paths]
    return [await future for future in futures]
