"""A queue of three colors runs, taken by three workers at once."""


async def colors(out):
    for color in "red blue green".split():
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out):
    runs = asyncio.Queue()
    for _ in range(3):
        runs.put_nowait(out)

    async def worker():
        await colors(runs.get_nowait())

    await asyncio.gather(*(worker() for _ in range(3)))
