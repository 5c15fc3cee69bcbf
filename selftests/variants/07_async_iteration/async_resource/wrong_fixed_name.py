"""expect: use the name it was given"""


@asynccontextmanager
async def session(name, log):
    await connect(name)
    log.append("open db")
    try:
        yield
    finally:
        log.append("close db")
