@asynccontextmanager
async def session(name, log):
    await connect(name)
    log.append(f"open {name}")
    try:
        yield name
    except BaseException:
        log.append(f"close {name}")
        raise
    log.append(f"close {name}")
