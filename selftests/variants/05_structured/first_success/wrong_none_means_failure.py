"""expect: skipped a maker that returned None

Uses None to mean "no winner yet"."""


async def first_success(makers):
    tasks = [asyncio.create_task(make()) for make in makers]
    winner = None
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                winner = await next_done
            except Exception:
                continue
            if winner is not None:
                return winner
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    raise ExceptionGroup("all failed", [task.exception() for task in tasks if task.exception()])
