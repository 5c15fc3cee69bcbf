"""expect: ran colors only once"""


async def colors(out):
    for color in ["red", "blue", "green"]:
        await asyncio.sleep(1)
        out.append(color)


async def three_at_once(out):
    run = colors(out)
    await asyncio.gather(run, run, run)  # one coroutine object: gather runs it once
