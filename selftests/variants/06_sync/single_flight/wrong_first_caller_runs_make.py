"""expect: One waiter's cancellation stranded the others"""


class SingleFlight:
    def __init__(self):
        self._waiting = {}

    async def do(self, key, make):
        if key in self._waiting:
            return await asyncio.shield(self._waiting[key])
        future = asyncio.get_running_loop().create_future()
        self._waiting[key] = future
        try:
            result = await make()
        except Exception as error:
            future.set_exception(error)
            raise
        else:
            future.set_result(result)
            return result
        finally:
            del self._waiting[key]
