class SingleFlight:
    """The first caller starts a task that settles a future; every caller awaits the future, shielded."""

    def __init__(self):
        self._waiting = {}
        self._running = set()

    async def do(self, key, make):
        if key not in self._waiting:
            future = asyncio.get_running_loop().create_future()
            self._waiting[key] = future

            async def fly():
                try:
                    future.set_result(await make())
                except Exception as error:
                    future.set_exception(error)
                finally:
                    del self._waiting[key]

            task = asyncio.create_task(fly())
            self._running.add(task)
            task.add_done_callback(self._running.discard)
        return await asyncio.shield(self._waiting[key])
