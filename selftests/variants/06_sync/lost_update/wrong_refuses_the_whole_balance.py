"""expect: withdraw refused to take the whole balance

Locked right, but a withdrawal of exactly the balance counts as short (>= instead of >)."""


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
            if amount >= balance:
                raise ValueError(f"insufficient funds: {balance}")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
