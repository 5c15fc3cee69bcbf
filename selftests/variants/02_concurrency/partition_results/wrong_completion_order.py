"""expect: in the order the awaitables finished

as_completed: at once and never raising, but both lists come in completion order."""


async def partition(aws):
    results, exceptions = [], []
    for next_done in asyncio.as_completed(aws):
        try:
            results.append(await next_done)
        except Exception as error:
            exceptions.append(error)
    return results, exceptions
