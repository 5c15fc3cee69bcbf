"""colors unrolled; three tasks waited for with asyncio.wait."""


async def colors(out):
    await asyncio.sleep(1)
    out.append("red")
    await asyncio.sleep(1)
    out.append("blue")
    await asyncio.sleep(1)
    out.append("green")


async def three_at_once(out):
    await asyncio.wait([asyncio.create_task(colors(out)) for _ in range(3)])
