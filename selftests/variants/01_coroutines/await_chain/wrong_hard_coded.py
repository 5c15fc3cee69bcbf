"""expect: the answer was hard-coded

Takes the right time and returns the right text, without asking either helper.
"""


async def fruit():
    await asyncio.sleep(1.0)
    return "water melon"
