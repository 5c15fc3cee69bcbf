"""expect: Every Account shares one lock"""


class Account:
    _lock = asyncio.Lock()

    def __init__(self, balance=0):
        self.balance = balance

    async def deposit(self, amount):
        async with self._lock:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        async with self._lock:
            balance = self.balance
            if amount > balance:
                raise ValueError("insufficient funds")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
