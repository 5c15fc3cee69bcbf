"""Every awaitable started as a future first, then each awaited in input order with its own try."""


async def partition(aws):
    futures = [asyncio.ensure_future(aw) for aw in aws]
    results, exceptions = [], []
    for future in futures:
        try:
            results.append(await future)
        except Exception as error:
            exceptions.append(error)
    return results, exceptions
