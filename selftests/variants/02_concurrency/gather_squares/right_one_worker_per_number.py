"""A queue of (index, number) jobs and one worker per job, each writing its square into its slot."""


async def squares(numbers):
    jobs = asyncio.Queue()
    for job in enumerate(numbers):
        jobs.put_nowait(job)
    results = [0] * len(numbers)

    async def worker():
        index, n = jobs.get_nowait()
        results[index] = await slow_square(n)

    await asyncio.gather(*(worker() for _ in numbers))
    return results
