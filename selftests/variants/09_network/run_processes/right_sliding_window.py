async def run_one(argv):
    try:
        proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
    except (FileNotFoundError, PermissionError, OSError):
        return 127, ""
    out, _ = await proc.communicate()
    return proc.returncode, out.decode()


async def run_all(commands, limit=4):
    # At most `limit` tasks exist at once; asyncio.wait(FIRST_COMPLETED) frees a slot for the next one.
    results = [None] * len(commands)
    running = {}
    waiting = list(enumerate(commands))
    while waiting or running:
        while waiting and len(running) < limit:
            index, argv = waiting.pop(0)
            running[asyncio.create_task(run_one(argv))] = index
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            results[running.pop(task)] = task.result()
    return results
