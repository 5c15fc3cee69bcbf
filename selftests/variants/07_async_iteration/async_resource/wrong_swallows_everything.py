"""expect: suppressed the cancellation"""


@asynccontextmanager
async def session(name, log):
    await connect(name)
    log.append(f"open {name}")
    try:
        yield
    except BaseException:
        pass
    finally:
        log.append(f"close {name}")
