r"""Running other programs, a few at a time.

asyncio can start programs and wait for them without blocking the loop:

    proc = await asyncio.create_subprocess_exec("git", "status", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()   # waits for the end, reading all of stdout
    proc.returncode                     # 0 for success

While one program runs, the loop runs other tasks, so starting many at once is easy. `subprocess.run`
would freeze the loop until the program ended.

`create_subprocess_exec(*argv)` passes every argument to the program exactly as it is, with no shell
in between: `["echo", "$HOME; rm -rf /"]` prints that text literally. A shell
(`create_subprocess_shell`, `shell=True`) would expand `$HOME`, split on `;` and run whatever
follows: never build a shell command out of arguments.

A program that cannot start at all (no such file, not executable) makes create_subprocess_exec raise
an OSError such as FileNotFoundError or PermissionError. Shells report a missing command as exit code
127; do the same for any command that cannot start.

Your task: `run_all(commands, limit=4)`. Each command is an argv list. Run them all as asyncio
subprocesses, never more than `limit` at once (an asyncio.Semaphore is one way), and return
`(return code, stdout decoded as UTF-8)` for each command, in the order of `commands`. Leave stderr
alone: do not capture it; the children write their errors straight to the terminal, as they would
on their own. A command that cannot start gives `(127, "")`.

    await run_all([["python", "-c", "print('hi')"], ["false"], ["no-such-program"]])
    # [(0, "hi\n"), (1, ""), (127, "")]

The tests start real processes, so the clock here is real.
"""
import asyncio


# TODO: run every command (no shell), at most `limit` at once; (return code, stdout) in input order.
async def run_all(commands: list[list[str]], limit: int = 4) -> list[tuple[int, str]]:
    raise NotImplementedError("run_all")
