class Account:
    """The lock is made on first use (no await between the check and the assignment, so only one is made)."""

    def __init__(self, balance=0):
        self.balance = balance
        self._lock = None

    def _turn(self):
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def deposit(self, amount):
        async with self._turn():
            new_balance = self.balance + amount
            await record(f"deposit {amount}")
            self.balance = new_balance

    async def withdraw(self, amount):
        async with self._turn():
            if self.balance < amount:
                raise ValueError("insufficient funds")
            new_balance = self.balance - amount
            await record(f"withdraw {amount}")
            self.balance = new_balance
