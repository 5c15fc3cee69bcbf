class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._turn = asyncio.Semaphore(1)

    async def deposit(self, amount):
        await self._turn.acquire()
        try:
            before = self.balance
            await record(f"deposit {amount}")
            self.balance = before + amount
        finally:
            self._turn.release()

    async def withdraw(self, amount):
        # Records every attempt, refused ones too (the contract allows that).
        async with self._turn:
            before = self.balance
            await record(f"withdraw {amount}")
            if amount > before:
                raise ValueError("insufficient funds")
            self.balance = before - amount
