"""expect: waited for the workers' results on the event loop"""
from concurrent.futures import ThreadPoolExecutor


async def read_all(paths):
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(read_slowly, paths))
