"""expect: returned a coroutine object instead of its result

greet is async def, but returns another coroutine object instead of awaiting it.
"""


async def make_greeting(name):
    return f"Hello, {name}!"


async def greet(name):
    return make_greeting(name)
