"""expect: A refused withdrawal changed the balance"""


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._lock = asyncio.Lock()

    async def deposit(self, amount):
        async with self._lock:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        async with self._lock:
            balance = self.balance
            await record(f"withdraw {amount}")
            self.balance = balance - amount
            if self.balance < 0:
                raise ValueError("insufficient funds")
