"""expect: froze while read_all waited"""
from concurrent.futures import ThreadPoolExecutor


async def read_all(paths):
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(read_slowly, path) for path in paths]
    # Leaving the with block waited, on the loop, for every read to finish.
    return [future.result() for future in futures]
