"""expect: siblings left running after a failure

gather(return_exceptions=True) waits for every maker, then raises the failures as a group."""


async def fetch_all_or_nothing(makers):
    results = await asyncio.gather(*(make() for make in makers), return_exceptions=True)
    failures = [result for result in results if isinstance(result, Exception)]
    if failures:
        raise ExceptionGroup("some makers failed", failures)
    return results
