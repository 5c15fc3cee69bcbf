"""expect: session suppressed the block's exception"""


class session:
    def __init__(self, name, log):
        self.name, self.log = name, log

    async def __aenter__(self):
        await connect(self.name)
        self.log.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.log.append(f"close {self.name}")
        return True
