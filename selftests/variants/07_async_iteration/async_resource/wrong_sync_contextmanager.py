"""expect: not for `async with`"""
import contextlib


@contextlib.contextmanager
def session(name, log):
    log.append(f"open {name}")
    try:
        yield
    finally:
        log.append(f"close {name}")
