"""Generators: functions that pause, and their return value: reference solution."""
from typing import Generator


def fib(limit: int) -> Generator[int, None, str]:
    a, b = 0, 1
    while a < limit:
        yield a
        a, b = b, a + b
    return "Done"


def drain(gen: Generator) -> tuple[list, object]:
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            return items, stop.value
