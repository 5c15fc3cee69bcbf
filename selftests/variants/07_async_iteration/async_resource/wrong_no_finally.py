"""expect: did not log "close db" when the block raised"""


@asynccontextmanager
async def session(name, log):
    await connect(name)
    log.append(f"open {name}")
    yield
    log.append(f"close {name}")
