"""expect: A blocking call froze the event loop: time.sleep

Waits with time.sleep, which freezes the loop."""
import time


async def retry(make, attempts=3, base_delay=0.1):
    for attempt in range(1, attempts + 1):
        try:
            return await make()
        except Exception:
            if attempt == attempts:
                raise
        time.sleep(base_delay * 2 ** (attempt - 1))
