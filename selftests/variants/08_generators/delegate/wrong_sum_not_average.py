"""expect: returned the sum instead of the average"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
