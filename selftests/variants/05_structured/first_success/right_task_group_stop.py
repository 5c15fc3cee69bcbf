"""A TaskGroup of wrappers that swallow failures; the winner raises a private exception that stops
the group (which cancels and awaits the others)."""


class _Won(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


async def first_success(makers):
    failures = [None] * len(makers)

    async def attempt(index, make):
        try:
            value = await make()
        except Exception as error:
            failures[index] = error
        else:
            raise _Won(value)

    winners = []
    try:
        async with asyncio.TaskGroup() as group:
            for index, make in enumerate(makers):
                group.create_task(attempt(index, make))
    except* _Won as won:
        winners = [found.value for found in won.exceptions]
    if winners:
        return winners[0]
    raise ExceptionGroup("all failed", failures)
