class _Ticker:
    def __init__(self, interval, count):
        self.interval, self.count, self.i, self.start = interval, count, 0, None

    def __aiter__(self):
        return self

    async def __anext__(self):
        loop = asyncio.get_running_loop()
        if self.start is None:
            self.start = loop.time()
        if self.i >= self.count:
            raise StopAsyncIteration
        await asyncio.sleep(max(0, self.start + self.i * self.interval - loop.time()))
        self.i += 1
        return self.i - 1


def ticker(interval, count):
    return _Ticker(interval, count)


async def take(source, n):
    items = []
    try:
        if n:
            async for item in source:
                items.append(item)
                if len(items) >= n:
                    break
    finally:
        if hasattr(source, "aclose"):
            await source.aclose()
    return items
