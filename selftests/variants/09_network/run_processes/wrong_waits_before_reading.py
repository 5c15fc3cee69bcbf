"""expect: waiting for the process to end before reading its output never ends"""


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    async def run_one(argv):
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                return 127, ""
            code = await proc.wait()  # the child may be stuck writing to a full pipe
            out = await proc.stdout.read()
            return code, out.decode()

    return list(await asyncio.gather(*(run_one(argv) for argv in commands)))
