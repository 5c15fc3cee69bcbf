"""expect: dropping the record call"""


class Account:
    def __init__(self, balance=0):
        self.balance = balance

    async def deposit(self, amount):
        self.balance += amount

    async def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError("insufficient funds")
        self.balance -= amount
