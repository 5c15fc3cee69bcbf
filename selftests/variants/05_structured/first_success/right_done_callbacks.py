"""No loop over outcomes: a done callback on every task settles one shared future, with the first success
or, once every task has failed, with the ExceptionGroup."""


async def first_success(makers):
    outcome = asyncio.get_running_loop().create_future()
    tasks = [asyncio.create_task(make()) for make in makers]

    def settle(task):
        if outcome.done():
            return
        if not task.cancelled() and task.exception() is None:
            outcome.set_result(task.result())
        elif all(other.done() for other in tasks):
            outcome.set_exception(ExceptionGroup("all failed", [other.exception() for other in tasks]))

    for task in tasks:
        task.add_done_callback(settle)
    try:
        return await outcome
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
