"""expect: one after another

Awaits each awaitable in turn: right answers, but coroutines do not overlap."""


async def partition(aws):
    results, exceptions = [], []
    for aw in aws:
        try:
            results.append(await aw)
        except Exception as error:
            exceptions.append(error)
    return results, exceptions
