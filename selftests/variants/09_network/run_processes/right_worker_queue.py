async def run_all(commands, limit=4):
    results = [None] * len(commands)
    queue = asyncio.Queue()
    for job in enumerate(commands):
        queue.put_nowait(job)

    async def worker():
        while not queue.empty():
            index, argv = queue.get_nowait()
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except (FileNotFoundError, PermissionError, OSError):
                results[index] = (127, "")
                continue
            data = await proc.stdout.read()
            results[index] = (await proc.wait(), data.decode("utf-8"))

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(commands))):
            group.create_task(worker())
    return results
