"""expect: exceptions in the order they were raised

Results in input order, but exceptions appended by a done callback as they happen."""


async def partition(aws):
    exceptions = []
    futures = [asyncio.ensure_future(aw) for aw in aws]

    def note(fut):
        if not fut.cancelled() and fut.exception() is not None:
            exceptions.append(fut.exception())

    for fut in futures:
        fut.add_done_callback(note)
    if futures:
        await asyncio.wait(futures)
    await asyncio.sleep(0)  # let the callbacks run
    results = [fut.result() for fut in futures if fut.exception() is None]
    return results, exceptions
