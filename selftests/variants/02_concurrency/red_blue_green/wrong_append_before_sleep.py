"""expect: colors appended 'red' too early"""


async def colors(out):
    for color in ["red", "blue", "green"]:
        out.append(color)
        await asyncio.sleep(1)


async def three_at_once(out):
    await asyncio.gather(colors(out), colors(out), colors(out))
