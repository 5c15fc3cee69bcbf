"""expect: did not run all 5 reads at once"""
from concurrent.futures import ThreadPoolExecutor


async def read_all(paths):
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        return await asyncio.gather(*(loop.run_in_executor(pool, read_slowly, path) for path in paths))
