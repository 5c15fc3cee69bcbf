"""expect: not as asyncio subprocesses"""
import subprocess as _subprocess


async def run_all(commands, limit=4):
    slots = asyncio.Semaphore(limit)

    def run_one(argv):
        try:
            done = _subprocess.run(argv, stdout=_subprocess.PIPE)
        except OSError:
            return (127, "")
        return (done.returncode, done.stdout.decode("utf-8"))

    async def one(argv):
        async with slots:
            return await asyncio.to_thread(run_one, argv)

    return list(await asyncio.gather(*(one(argv) for argv in commands)))
