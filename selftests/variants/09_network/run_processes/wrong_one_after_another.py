"""expect: ran the commands one after another"""


async def run_all(commands, limit=4):
    results = []
    for argv in commands:
        try:
            proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE)
        except OSError:
            results.append((127, ""))
            continue
        out, _ = await proc.communicate()
        results.append((proc.returncode, out.decode()))
    return results
