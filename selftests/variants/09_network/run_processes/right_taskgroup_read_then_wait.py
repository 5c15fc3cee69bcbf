async def run_all(commands, limit=4):
    # A TaskGroup and a semaphore; stdout read to its end before waiting for the exit (a full pipe would
    # otherwise block the child).
    slots = asyncio.Semaphore(limit)
    results = [None] * len(commands)

    async def run(index, argv):
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                results[index] = (127, "")
                return
            output = await proc.stdout.read()
            code = await proc.wait()
        results[index] = (code, output.decode("utf-8"))

    async with asyncio.TaskGroup() as group:
        for index, argv in enumerate(commands):
            group.create_task(run(index, argv))
    return results
