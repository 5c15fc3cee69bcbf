"""expect: delegator stopped after 1 summary"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    result = yield from summarize()
    results.append(result)
