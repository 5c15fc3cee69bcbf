"""expect: did not call say_after"""


async def main_sequential(out):
    await asyncio.sleep(1)
    out.append("hello")
    await asyncio.sleep(2)
    out.append("world")


async def main_concurrent(out):
    async def later(delay, what):
        await asyncio.sleep(delay)
        out.append(what)

    await asyncio.gather(later(1, "hello"), later(2, "world"))
