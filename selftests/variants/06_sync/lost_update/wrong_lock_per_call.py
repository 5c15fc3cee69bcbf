"""expect: each deposit made a new asyncio.Lock of its own"""


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def deposit(self, amount):
        async with asyncio.Lock():
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        async with asyncio.Lock():
            balance = self.balance
            if amount > balance:
                raise ValueError("insufficient funds")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
