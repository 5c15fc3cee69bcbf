"""expect: ran the commands through a shell"""


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    async def run_one(argv):
        async with slots:
            proc = await asyncio.create_subprocess_shell(" ".join(argv), stdout=asyncio.subprocess.PIPE)
            out, _ = await proc.communicate()
            return proc.returncode, out.decode()

    return list(await asyncio.gather(*(run_one(argv) for argv in commands)))
