class Account:
    """An asyncio.Condition is a lock too: `async with` holds it across read, record and write."""

    def __init__(self, balance=0):
        self.balance = balance
        self._turn = asyncio.Condition()

    async def deposit(self, amount):
        async with self._turn:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        async with self._turn:
            if amount > self.balance:
                raise ValueError("insufficient funds")
            balance = self.balance
            await record(f"withdraw {amount}")
            self.balance = balance - amount
