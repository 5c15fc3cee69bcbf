"""expect: did not log "close db" when the block was cancelled"""


@asynccontextmanager
async def session(name, log):
    await connect(name)
    log.append(f"open {name}")
    try:
        yield
    except Exception:
        log.append(f"close {name}")
        raise
    log.append(f"close {name}")
