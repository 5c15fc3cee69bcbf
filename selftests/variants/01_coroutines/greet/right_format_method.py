async def greet(name):
    return "Hello, {}!".format(name)
