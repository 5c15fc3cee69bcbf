"""The lost update: a race across an await.

asyncio runs your tasks in one thread and switches between them only at an `await`. That rules out
many races, but not this one:

    balance = self.balance                 # 1. read
    await record(f"deposit {amount}")      # 2. wait: other tasks run here!
    self.balance = balance + amount        # 3. write

While one deposit waits at step 2, a second deposit reads the same old balance. Both write back
"old balance + my amount", and the first deposit is lost: two deposits of 10 into an empty account
leave 10, not 20. A withdrawal can go wrong the same way: two of them both see enough money, and
both take it.

The cure is to make read, wait and write one step that no other operation can cut into: hold an
`asyncio.Lock` across all three. `async with lock:` lets one task in at a time; the others wait
their turn (in the order they came) while the event loop keeps running everything else.

    lock = asyncio.Lock()
    async with lock:
        ...                                # only one task at a time in here

Your task: `Account` below has exactly that race. Fix `deposit` and `withdraw` so that no update is
ever lost and no withdrawal overdraws, however the operations overlap. `withdraw` raises ValueError
and changes nothing when the balance is short. Keep the audit log: every deposit and every
successful withdrawal still awaits `record(...)` (given) exactly once, between reading and writing
the balance. (A `threading.Lock` is the wrong tool: while it waits it blocks the whole thread, and
the event loop with it.)
"""
import asyncio


async def record(entry: str) -> None:
    """The bank's audit log: writing an entry takes 0.01 s."""
    await asyncio.sleep(0.01)


# TODO: deposit and withdraw read the balance, await record(...), then write. While one of them
# waits for record, another operation reads the same old balance: updates get lost, and money can
# be withdrawn that is no longer there. Make each read-record-write happen as one step.
class Account:
    def __init__(self, balance: int = 0) -> None:
        self.balance = balance

    async def deposit(self, amount: int) -> None:
        balance = self.balance
        await record(f"deposit {amount}")
        self.balance = balance + amount

    async def withdraw(self, amount: int) -> None:
        balance = self.balance
        if amount > balance:
            raise ValueError(f"insufficient funds: the balance is {balance}, cannot withdraw {amount}")
        await record(f"withdraw {amount}")
        self.balance = balance - amount
