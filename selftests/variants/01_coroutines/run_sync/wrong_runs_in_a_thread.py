"""expect: it should raise RuntimeError there

Always runs the coroutine in a new thread, so it never notices the caller's running loop.
"""
import threading


def run_sync(coro_fn, /, *args, **kwargs):
    box = {}

    def target():
        try:
            box["result"] = asyncio.run(coro_fn(*args, **kwargs))
        except BaseException as error:
            box["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]
