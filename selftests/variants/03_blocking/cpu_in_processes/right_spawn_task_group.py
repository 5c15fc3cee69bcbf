import multiprocessing


async def count_primes_all(limits):
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("spawn")) as pool:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(asyncio.wait_for(loop.run_in_executor(pool, count_primes, limit), 60))
                     for limit in limits]
    return [task.result() for task in tasks]
