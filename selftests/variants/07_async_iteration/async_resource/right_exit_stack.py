from contextlib import AsyncExitStack


@asynccontextmanager
async def session(name, log):
    # The exit stack runs its callbacks however the block ends, and never swallows the exception.
    async with AsyncExitStack() as stack:
        await connect(name)
        log.append(f"open {name}")
        stack.callback(log.append, f"close {name}")
        yield
