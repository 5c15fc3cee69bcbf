"""Running other programs, a few at a time: reference solution."""
import asyncio


async def run_all(commands: list[list[str]], limit: int = 4) -> list[tuple[int, str]]:
    slots = asyncio.Semaphore(limit)

    async def run_one(argv: list[str]) -> tuple[int, str]:
        async with slots:
            try:
                proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
            except OSError:
                return 127, ""
            out, _ = await proc.communicate()
            return proc.returncode, out.decode("utf-8")

    return list(await asyncio.gather(*(run_one(argv) for argv in commands)))
