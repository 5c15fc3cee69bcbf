"""expect: before the process had ended"""


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    async def run_one(argv):
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                return 127, ""
            out = await proc.stdout.read()  # the output is complete, but has the process ended yet?
            return proc.returncode, out.decode()

    return list(await asyncio.gather(*(run_one(argv) for argv in commands)))
