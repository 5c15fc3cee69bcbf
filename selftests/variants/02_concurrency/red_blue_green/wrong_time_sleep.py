"""expect: blocking call"""
import time


async def colors(out):
    for color in ["red", "blue", "green"]:
        time.sleep(1)
        out.append(color)


async def three_at_once(out):
    await asyncio.gather(colors(out), colors(out), colors(out))
