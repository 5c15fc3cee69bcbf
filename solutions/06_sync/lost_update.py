"""The lost update: reference solution."""
import asyncio


async def record(entry: str) -> None:
    """The bank's audit log: writing an entry takes 0.01 s."""
    await asyncio.sleep(0.01)


class Account:
    def __init__(self, balance: int = 0) -> None:
        self.balance = balance
        self._lock = asyncio.Lock()

    async def deposit(self, amount: int) -> None:
        async with self._lock:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount: int) -> None:
        async with self._lock:
            balance = self.balance
            if amount > balance:
                raise ValueError(f"insufficient funds: the balance is {balance}, cannot withdraw {amount}")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
