"""expect: summarize fed [1, 2, 2] returned the wrong result"""


def summarize():
    count, total = 0, 0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total // count if count else 0.0


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
