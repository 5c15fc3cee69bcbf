async def colors(out):
    await asyncio.sleep(1)
    out.append("red")
    await asyncio.sleep(1)
    out.append("blue")
    await asyncio.sleep(1)
    out.append("green")


async def three_at_once(out):
    async with asyncio.TaskGroup() as group:
        for _ in range(3):
            group.create_task(colors(out))
