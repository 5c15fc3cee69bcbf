"""expect: not of the first maker to succeed

Tries the makers one after another."""


async def first_success(makers):
    errors = []
    for make in makers:
        try:
            return await make()
        except Exception as error:
            errors.append(error)
    raise ExceptionGroup("all failed", errors)
