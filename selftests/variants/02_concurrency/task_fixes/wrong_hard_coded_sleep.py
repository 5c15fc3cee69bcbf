"""expect: did not call say_after

Sleeps and appends by hand instead of using say_after."""


async def both_at_once(out):
    async def later(delay, what):
        await asyncio.sleep(delay)
        out.append(what)

    await asyncio.gather(later(1, "hello"), later(2, "world"))


async def schedule_all(delays, out):
    async def later(delay):
        await asyncio.sleep(delay)
        out.append(str(delay))

    await asyncio.gather(*(later(d) for d in delays))
