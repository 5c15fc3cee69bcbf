"""expect: session is written with async def"""


class _Session:
    def __init__(self, name, log):
        self.name, self.log = name, log

    async def __aenter__(self):
        await connect(self.name)
        self.log.append(f"open {self.name}")

    async def __aexit__(self, *exc_info):
        self.log.append(f"close {self.name}")


async def session(name, log):
    return _Session(name, log)
