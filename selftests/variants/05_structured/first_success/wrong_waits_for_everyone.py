"""expect: waited for the losers to finish instead of cancelling them

gather(return_exceptions=True), then the first result in input order that is not an exception."""


async def first_success(makers):
    results = await asyncio.gather(*(make() for make in makers), return_exceptions=True)
    for result in results:
        if not isinstance(result, Exception):
            return result
    raise ExceptionGroup("all failed", results)
