"""expect: it should yield nothing"""


def summarize():
    count, total, average = 0, 0.0, None
    while True:
        value = yield average
        if value is None:
            break
        count += 1
        total += value
        average = total / count
    return count, average or 0.0


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
