"""One coroutine per path handing to_thread a functools.partial."""
import functools


async def read_all(paths):
    async def read(path):
        return await asyncio.to_thread(functools.partial(read_slowly, path))

    return list(await asyncio.gather(*map(read, paths)))
