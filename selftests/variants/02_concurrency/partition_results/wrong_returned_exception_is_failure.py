"""expect: exception object that was returned as a failure

gather(return_exceptions=True), split by type: a returned exception object counts as raised."""


async def partition(aws):
    outcomes = await asyncio.gather(*aws, return_exceptions=True)
    results = [o for o in outcomes if not isinstance(o, BaseException)]
    exceptions = [o for o in outcomes if isinstance(o, BaseException)]
    return results, exceptions
