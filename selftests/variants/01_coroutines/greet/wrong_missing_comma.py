"""expect: The comma after Hello is missing"""


async def greet(name):
    return f"Hello {name}!"
