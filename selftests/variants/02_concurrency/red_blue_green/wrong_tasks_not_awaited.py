"""expect: three_at_once returned before the colors were done"""


async def colors(out):
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out):
    for _ in range(3):
        asyncio.create_task(colors(out))
