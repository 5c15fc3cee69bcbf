"""expect: it must return a tuple

Right contents, but a list [results, exceptions] instead of a tuple."""


async def partition(aws):
    async def outcome(aw):
        try:
            return True, await aw
        except Exception as error:
            return False, error

    outcomes = await asyncio.gather(*(outcome(aw) for aw in aws))
    return [[v for ok, v in outcomes if ok], [v for ok, v in outcomes if not ok]]
