"""expect: returned None"""


async def greet(name):
    print(f"Hello, {name}!")
