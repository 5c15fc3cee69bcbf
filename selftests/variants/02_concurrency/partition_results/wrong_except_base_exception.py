"""expect: partition put a cancellation into the exceptions list

Each wrapper catches BaseException, so a cancelled awaitable's CancelledError is sorted as a failure.
"""


async def partition(aws):
    async def outcome(aw):
        try:
            return True, await aw
        except BaseException as error:
            return False, error

    outcomes = await asyncio.gather(*(outcome(aw) for aw in aws))
    return [v for ok, v in outcomes if ok], [v for ok, v in outcomes if not ok]
