"""expect: some waiters were left waiting forever"""


class SingleFlight:
    def __init__(self):
        self._waiting = {}

    async def do(self, key, make):
        if key not in self._waiting:
            future = asyncio.get_running_loop().create_future()
            self._waiting[key] = future

            async def fly():
                try:
                    future.set_result(await make())
                finally:
                    del self._waiting[key]

            asyncio.create_task(fly())
        return await asyncio.shield(self._waiting[key])
