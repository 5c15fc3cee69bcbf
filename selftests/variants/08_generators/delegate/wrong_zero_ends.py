"""expect: stopped when it received 0"""


def summarize():
    count, total = 0, 0.0
    while True:
        value = yield
        if not value:
            break
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
