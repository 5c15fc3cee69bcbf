"""expect: is sequential

One maker after another; a failure is wrapped in a group."""


async def fetch_all_or_nothing(makers):
    results = []
    for make in makers:
        try:
            results.append(await make())
        except Exception as error:
            raise ExceptionGroup("a maker failed", [error])
    return results
