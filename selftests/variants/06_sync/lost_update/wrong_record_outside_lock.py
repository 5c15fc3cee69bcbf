"""expect: The operations did not take turns"""


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._lock = asyncio.Lock()

    async def deposit(self, amount):
        await record(f"deposit {amount}")
        async with self._lock:
            self.balance += amount

    async def withdraw(self, amount):
        async with self._lock:
            if amount > self.balance:
                raise ValueError("insufficient funds")
            self.balance -= amount
        await record(f"withdraw {amount}")
