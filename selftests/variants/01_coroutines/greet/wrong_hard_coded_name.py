"""expect: greet('Grace') returned the wrong result"""


async def greet(name):
    return "Hello, Ada!"
