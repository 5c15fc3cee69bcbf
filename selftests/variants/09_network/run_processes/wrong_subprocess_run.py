"""expect: A blocking call froze the event loop"""
import subprocess


async def run_all(commands, limit=4):
    results = []
    for argv in commands:
        try:
            done = subprocess.run(argv, stdout=subprocess.PIPE)
        except OSError:
            results.append((127, ""))
        else:
            results.append((done.returncode, done.stdout.decode()))
    return results
