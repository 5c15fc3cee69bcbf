"""expect: siblings left running after a failure

Plain gather raises the first failure at once (wrapped in a group here), but never cancels the others."""


async def fetch_all_or_nothing(makers):
    try:
        return await asyncio.gather(*(make() for make in makers))
    except Exception as error:
        raise ExceptionGroup("a maker failed", [error])
