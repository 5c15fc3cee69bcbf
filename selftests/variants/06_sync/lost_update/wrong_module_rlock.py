"""expect: Account uses a threading.RLock"""
from threading import RLock

BANK_LOCK = RLock()


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def deposit(self, amount):
        with BANK_LOCK:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        with BANK_LOCK:
            balance = self.balance
            if amount > balance:
                raise ValueError("insufficient funds")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
