"""expect: did not pass the values sent to it on to summarize"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    while True:
        for _ in summarize():  # next() only: the values sent in are dropped
            yield
        results.append((0, 0.0))
