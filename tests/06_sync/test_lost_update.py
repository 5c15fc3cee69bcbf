"""lost_update: overlapping deposits and withdrawals lose nothing, never overdraw, and take turns."""
import asyncio
import asyncio.mixins
import sys
import threading
from functools import partial

import pytest

from grader.harness import after, busy_waiting_fixture, expect_duration, expect_equal, fail, raised_in, same, spy, tap

THREAD_LOCKS = {
    type(threading.Lock()): "threading.Lock",
    type(threading.RLock()): "threading.RLock",
    threading.Semaphore: "threading.Semaphore",
    threading.Condition: "threading.Condition",
}
LOCK_HINT = ("Give each Account an asyncio.Lock in __init__ and hold it across the whole read, "
             "`await record(...)`, write: `async with self._lock: ...`.")


busy_waiting = busy_waiting_fixture(what="Account", hint=(
    "Let an asyncio.Lock do the waiting: `async with self._lock:` waits without spinning, and "
    "lets the tasks in one at a time, in the order they came."))


@pytest.fixture
def locks_made(monkeypatch):
    """Every asyncio.Lock made during the test, in order."""
    return tap(monkeypatch, asyncio.Lock, "__init__", lambda args, kwargs, result: args[0])


def refuse_thread_lock(kind, where):
    fail(f"Account uses a {kind} ({where}): a threading lock blocks the whole thread while it waits, event "
         "loop included. The task holding it could never finish its `await record(...)` to release it, so "
         "the operations would freeze each other for good instead of taking turns.",
         hint="Use asyncio.Lock with `async with`: waiting for it is an await, so the loop runs the other "
              "tasks (including the one holding the lock) meanwhile.")


@pytest.fixture(autouse=True)
def no_thread_locks(monkeypatch, exercise):
    """A threading.Lock or RLock made by the learner's code during a test fails it at once, before a
    second task can block the event loop on it (`with lock:` escapes blockbuster)."""
    for name in ("Lock", "RLock"):
        def make(*args, real=getattr(threading, name), kind=f"threading.{name}", **kwargs):  # noqa: B008 - per name
            if sys._getframe(1).f_code.co_filename == exercise.__file__:
                refuse_thread_lock(kind, "made in your code")
            return real(*args, **kwargs)

        monkeypatch.setattr(threading, name, make)


def open_account(exercise, balance):
    """Account(balance), refusing a threading lock before it can freeze the event loop."""
    account = exercise.Account(balance)
    places = [("the account", getattr(account, "__dict__", {})), ("the Account class", vars(type(account))),
              ("the module", vars(exercise))]
    for where, names in places:
        for name, value in list(names.items()):
            kind = next((k for cls, k in THREAD_LOCKS.items() if isinstance(value, cls)), None)
            if kind:
                refuse_thread_lock(kind, f"{name}, in {where}")
    expect_equal(account.balance, balance, what=f"Account({balance}).balance")
    return account


async def run(operations):
    """Run (start time, call) pairs, each call starting at its loop time; return what each one
    ended with (None, or the ValueError it raised) and the loop time they took together."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    tasks = [asyncio.create_task(after(start, call)) for start, call in operations]
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    for outcome in outcomes:
        # An asyncio primitive refuses a loop other than the one it first ran on, in this check:
        if isinstance(outcome, RuntimeError) and raised_in(outcome, asyncio.mixins._LoopBoundMixin._get_loop):
            fail("Every Account shares one lock, made outside __init__ (at class or module level): "
                 "asyncio tied it to the event loop of its first use, and this test runs another one.",
                 f"RuntimeError: {outcome}",
                 hint="Make one lock per account in __init__: `self._lock = asyncio.Lock()`. Accounts "
                      "that share a lock also wait for each other for no reason.")
        if isinstance(outcome, BaseException) and not isinstance(outcome, ValueError):
            raise outcome
    return outcomes, loop.time() - began


def describe(labels, outcomes):
    shown = ["went through" if o is None else f"raised {type(o).__name__}" if isinstance(o, BaseException)
             else f"returned {o!r}" for o in outcomes]
    return "What each operation did:\n" + "\n".join(f"  {label}: {s}" for label, s in zip(labels, shown))


def expect_records(calls, entries, *, by, refused=()):
    """record was awaited once for each entry (and perhaps once for each refused withdrawal)."""
    if calls.count == 0:
        fail(f"{by} never called record: dropping the record call dodges the race, but every operation "
             "must still be written to the audit log.",
             hint="Keep `await record(...)` between reading and writing the balance, and hold a lock "
                  "across all three.")
    written = sorted((c.args[0] if c.args else c.kwargs.get("entry") for c in calls.calls), key=repr)
    entries = list(entries)
    for entry in refused:  # one per refused withdrawal: recording those is allowed
        if written.count(entry) > entries.count(entry):
            entries.append(entry)
    expect_equal(written, sorted(entries), what=f"the audit log entries {by} recorded (sorted)",
                 evidence=[calls.timeline()],
                 hint="Await record(f\"deposit {amount}\") once per deposit and record(f\"withdraw "
                      "{amount}\") once per withdrawal that goes through.")


def refused(outcome):
    """What an operation ended with (see run) says it was refused."""
    return isinstance(outcome, BaseException)


def balance_is(account, expected):
    return same(account.balance, expected)


async def test_overlapping_deposits_are_all_counted(exercise, monkeypatch, locks_made):
    calls = spy(monkeypatch, exercise, "record")
    account = open_account(exercise, 100)
    amounts = [5, 10, 20, 40, 80, 160, 320]
    locks_before = len(locks_made)
    await run([(0, partial(account.deposit, amount)) for amount in amounts])
    expected = 100 + sum(amounts)
    if not balance_is(account, expected):
        per_call = len(locks_made) - locks_before >= len(amounts)
        headline = (f"Lost updates: each deposit made a new asyncio.Lock of its own, so no deposit ever "
                    f"waited for another. {len(amounts)} deposits at once into 100 left {account.balance!r}."
                    if per_call else
                    f"Lost updates: {len(amounts)} deposits at once into 100 left a balance of "
                    f"{account.balance!r}; expected {expected}.")
        fail(headline, f"The deposits: {amounts!r}", calls.timeline(),
             "Each deposit read the balance, then waited for record while the others read the same "
             "old balance; the last one to write won.",
             hint=("A lock protects only when everyone uses the same one. " if per_call else "") + LOCK_HINT)
    expect_equal(account.balance, expected, what="the balance")
    expect_records(calls, [f"deposit {amount}" for amount in amounts], by="deposit")


async def test_operations_take_turns(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "record")
    account = open_account(exercise, 1000)
    amounts = [1, 2, 3, 4, 5, 6]
    calls_made = [account.deposit if amount % 2 else account.withdraw for amount in amounts]
    _, elapsed = await run([(0, partial(call, amount)) for call, amount in zip(calls_made, amounts)])
    if calls.count == 0:
        expect_records(calls, [], by="Account")
    if calls.max_in_flight > 1:
        fail(f"The operations did not take turns: {calls.max_in_flight} record calls ran at the same "
             "time. Each operation must read the balance, await record and write the new balance before "
             "the next one reads it.", calls.timeline(), hint=LOCK_HINT)
    expect_duration(elapsed, 0.01 * len(amounts), what=f"{len(amounts)} overlapping operations",
                    evidence=[calls.timeline()], hint=LOCK_HINT)
    expect_equal(account.balance, 1000 + 1 - 2 + 3 - 4 + 5 - 6, what="the balance after deposits of 1, 3, 5 "
                 "and withdrawals of 2, 4, 6 from 1000")


async def test_overlapping_withdrawals_never_overdraw(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "record")
    account = open_account(exercise, 100)
    outcomes, _ = await run([(0, partial(account.withdraw, 30)) for _ in range(5)])
    labels = [f"withdraw(30) #{n}" for n in range(1, 6)]
    went_through = sum(not refused(outcome) for outcome in outcomes)
    if went_through > 3 or not balance_is(account, 10):
        fail(f"Overdraft under concurrency: {went_through} of 5 withdrawals of 30 at once from a balance of "
             f"100 went through, leaving {account.balance!r}. Only 3 fit; the other 2 must be refused.",
             describe(labels, outcomes), calls.timeline(),
             "Every withdrawal checked the balance before the others had taken their money.",
             hint="The check belongs inside the lock too: read, check, record and write as one step.")
    if went_through < 3 or not all(isinstance(o, ValueError) for o in outcomes if refused(o)):
        fail("Withdrawals that fit were refused, or a refusal was not a ValueError.", describe(labels, outcomes))
    expect_records(calls, ["withdraw 30"] * 3, by="withdraw", refused=["withdraw 30"] * (5 - went_through))


async def test_a_withdrawal_sees_the_deposit_before_it(exercise):
    account = open_account(exercise, 0)
    labels = ["deposit(100) at 0 s", "withdraw(60) at 0.004 s", "withdraw(50) at 0.006 s", "deposit(7) at 0.015 s"]
    outcomes, _ = await run([(0, partial(account.deposit, 100)), (0.004, partial(account.withdraw, 60)),
                             (0.006, partial(account.withdraw, 50)), (0.015, partial(account.deposit, 7))])
    evidence = [describe(labels, outcomes), f"The balance at the end: {account.balance!r}."]
    if refused(outcomes[1]):
        fail("withdraw(60) was refused although the deposit(100) that started before it covered it: it "
             "checked the balance while the deposit was still waiting for record, before the deposit "
             "had written it.", *evidence,
             hint="Take the lock before reading the balance, in withdraw as in deposit.")
    if not refused(outcomes[2]):
        fail("Overdraft under concurrency: withdraw(50) went through although withdraw(60) had left "
             "only 40.", *evidence, hint="Check the balance inside the lock.")
    if not isinstance(outcomes[2], ValueError) or not balance_is(account, 47):
        fail(f"The balance ended at {account.balance!r}; expected 47 (100 - 60 + 7, with withdraw(50) "
             "refused).", *evidence, hint=LOCK_HINT)


async def test_a_refused_withdrawal_changes_nothing(exercise):
    account = open_account(exercise, 50)
    labels = ["withdraw(30)", "withdraw(30)", "deposit(5)"]
    outcomes, _ = await run([(0, partial(account.withdraw, 30)), (0, partial(account.withdraw, 30)),
                             (0, partial(account.deposit, 5))])
    evidence = [describe(labels, outcomes), f"The balance at the end: {account.balance!r}; expected 25."]
    if not refused(outcomes[1]):
        fail("Overdraft under concurrency: both withdrawals of 30 from 50 went through.", *evidence,
             hint=LOCK_HINT)
    if not balance_is(account, 25):
        fail("A refused withdrawal changed the balance (or an update was lost): after 50 - 30, a "
             "refused withdraw(30) and a deposit(5), the balance must be 25.", *evidence,
             hint="Check first, and raise ValueError before writing anything.")
    for start, amount in [(10, 20), (0, 1)]:
        account = open_account(exercise, start) if start else exercise.Account()
        try:
            await account.withdraw(amount)
        except ValueError:
            pass
        else:
            fail(f"withdraw({amount}) from a balance of {start} did not raise ValueError.",
                 f"The balance afterwards: {account.balance!r}.",
                 hint="raise ValueError(...) when the amount is more than the balance.")
        expect_equal(account.balance, start, what=f"the balance after a refused withdraw({amount}) from {start}",
                     mistakes=[(start - amount, "A refused withdrawal changed the balance: it took the "
                                                "money, then raised ValueError.")])


async def test_the_whole_balance_can_be_withdrawn(exercise, monkeypatch):
    calls = spy(monkeypatch, exercise, "record")
    account = open_account(exercise, 50)
    labels = ["withdraw(20)", "withdraw(30)", "withdraw(1)"]
    outcomes, _ = await run([(0, partial(account.withdraw, 20)), (0, partial(account.withdraw, 30)),
                             (0, partial(account.withdraw, 1))])
    evidence = [describe(labels, outcomes), f"The balance at the end: {account.balance!r}; expected 0."]
    if refused(outcomes[1]) and not refused(outcomes[0]):
        fail("withdraw refused to take the whole balance: after withdraw(20) from 50, withdraw(30) raised "
             "ValueError although exactly 30 was left. Only an amount above the balance is short.", *evidence,
             hint="Refuse when amount > balance, not when amount >= balance.")
    if not refused(outcomes[2]) or any(map(refused, outcomes[:2])) or not balance_is(account, 0):
        fail("Withdrawals that fit exactly were refused, or one that did not fit went through: from 50, "
             "withdraw(20) and withdraw(30) fit, withdraw(1) after them does not.", *evidence, hint=LOCK_HINT)
    expect_records(calls, ["withdraw 20", "withdraw 30"], by="withdraw", refused=["withdraw 1"])
