"""Sorting successes from failures: reference solution."""
import asyncio
from typing import Awaitable, TypeVar

T = TypeVar("T")


async def partition(aws: list[Awaitable[T]]) -> tuple[list[T], list[Exception]]:
    async def outcome(aw: Awaitable[T]) -> tuple[bool, object]:
        try:
            return True, await aw
        except Exception as error:
            return False, error

    outcomes = await asyncio.gather(*(outcome(aw) for aw in aws))
    results = [value for ok, value in outcomes if ok]
    exceptions = [value for ok, value in outcomes if not ok]
    return results, exceptions
