"""expect: busy waiting"""


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._busy = False

    async def _take_turn(self):
        while self._busy:
            await asyncio.sleep(0)
        self._busy = True

    async def deposit(self, amount):
        await self._take_turn()
        try:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount
        finally:
            self._busy = False

    async def withdraw(self, amount):
        await self._take_turn()
        try:
            balance = self.balance
            if amount > balance:
                raise ValueError("insufficient funds")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
        finally:
            self._busy = False
