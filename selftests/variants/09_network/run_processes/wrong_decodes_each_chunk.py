"""expect: did not return the whole output"""


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    async def run_one(argv):
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                return 127, ""
            text = ""
            while chunk := await proc.stdout.read(65536):
                text += chunk.decode(errors="replace")  # a character split between chunks is lost
            return await proc.wait(), text

    return list(await asyncio.gather(*(run_one(argv) for argv in commands)))
