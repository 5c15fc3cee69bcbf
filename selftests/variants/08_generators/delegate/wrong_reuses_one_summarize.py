"""expect: without waiting for any value"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    inner = summarize()
    while True:
        result = yield from inner  # a finished generator returns None at once, forever
        results.append(result)
