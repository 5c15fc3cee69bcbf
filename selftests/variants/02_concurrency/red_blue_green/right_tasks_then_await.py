async def colors(out):
    for color in ("red", "blue", "green"):
        await asyncio.sleep(1.0)
        out.append(color)


async def three_at_once(out):
    tasks = [asyncio.create_task(colors(out)) for _ in range(3)]
    for task in tasks:
        await task
