"""expect: greet must be a coroutine function (async def)

A plain def that hands back some other coroutine: awaiting it works, but greet is not async def.
"""
import asyncio


def greet(name):
    return asyncio.sleep(0, result=f"Hello, {name}!")
