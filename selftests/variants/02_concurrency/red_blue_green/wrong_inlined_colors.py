"""expect: three_at_once did not call colors"""


async def colors(out):
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out):
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.extend([color] * 3)
