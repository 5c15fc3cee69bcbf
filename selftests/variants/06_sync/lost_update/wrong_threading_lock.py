"""expect: Account uses a threading.Lock"""
import threading


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self._lock = threading.Lock()

    async def deposit(self, amount):
        with self._lock:
            balance = self.balance
            await record(f"deposit {amount}")
            self.balance = balance + amount

    async def withdraw(self, amount):
        with self._lock:
            balance = self.balance
            if amount > balance:
                raise ValueError("insufficient funds")
            await record(f"withdraw {amount}")
            self.balance = balance - amount
