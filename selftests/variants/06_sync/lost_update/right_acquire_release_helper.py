class Account:
    """One helper does every change: acquire() and release() by hand, the release in a finally; a refused
    withdrawal is recorded too (allowed) before it raises."""

    def __init__(self, balance=0):
        self.balance = balance
        self._lock = asyncio.Lock()

    async def _change(self, entry, delta):
        await self._lock.acquire()
        try:
            balance = self.balance
            await record(entry)
            if balance + delta < 0:
                raise ValueError(f"{entry}: the balance is only {balance}")
            self.balance = balance + delta
        finally:
            self._lock.release()

    async def deposit(self, amount):
        await self._change(f"deposit {amount}", amount)

    async def withdraw(self, amount):
        await self._change(f"withdraw {amount}", -amount)
