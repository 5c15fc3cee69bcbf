"""expect: greet must be a coroutine function (async def)"""


def greet(name):
    return f"Hello, {name}!"
