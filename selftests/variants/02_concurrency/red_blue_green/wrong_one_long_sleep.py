"""expect: colors appended 'red' too late"""


async def colors(out):
    await asyncio.sleep(3)
    out.extend(["red", "blue", "green"])


async def three_at_once(out):
    await asyncio.gather(colors(out), colors(out), colors(out))
