"""expect: before connect finished"""


class session:
    def __init__(self, name, log):
        self.name, self.log = name, log

    async def __aenter__(self):
        self.connecting = asyncio.create_task(connect(self.name))
        self.log.append(f"open {self.name}")

    async def __aexit__(self, *exc_info):
        await self.connecting
        self.log.append(f"close {self.name}")
