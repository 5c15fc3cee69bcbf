"""expect: in the order the commands finished"""


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    async def run_one(argv):
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                return 127, ""
            out, _ = await proc.communicate()
            return proc.returncode, out.decode()

    return [await done for done in asyncio.as_completed([run_one(argv) for argv in commands])]
