"""expect: Calling make once per caller"""


class SingleFlight:
    async def do(self, key, make):
        return await make()
