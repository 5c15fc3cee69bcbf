"""expect: did not pass the values sent to it on to summarize unchanged"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    while True:
        inner = summarize()
        next(inner)
        while True:
            value = yield
            try:
                inner.send(None if value is None else float(value))
            except StopIteration as stop:
                results.append(stop.value)
                break
