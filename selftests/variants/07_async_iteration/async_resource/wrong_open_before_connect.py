"""expect: logged "open db" before connect finished"""


@asynccontextmanager
async def session(name, log):
    log.append(f"open {name}")
    await connect(name)
    try:
        yield
    finally:
        log.append(f"close {name}")
