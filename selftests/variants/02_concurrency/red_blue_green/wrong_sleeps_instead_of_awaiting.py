"""expect: three_at_once returned before the last colors were appended

Starts three runs as tasks, then sleeps 3 s instead of awaiting them.
"""


async def colors(out):
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out):
    for _ in range(3):
        asyncio.create_task(colors(out))
    await asyncio.sleep(3)
