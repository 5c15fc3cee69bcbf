"""expect: finish_order([]) raised ValueError"""


async def finish_order(xs):
    results = []
    pending = {asyncio.create_task(minimum(x)) for x in xs}
    while True:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        results.extend(task.result() for task in done)
        if not pending:
            return results
