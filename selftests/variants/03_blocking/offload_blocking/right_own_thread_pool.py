from concurrent.futures import ThreadPoolExecutor


async def read_all(paths):
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=max(len(paths), 1)) as pool:
        futures = [loop.run_in_executor(pool, read_slowly, path) for path in paths]
        return list(await asyncio.gather(*futures))
