"""expect: ZeroDivisionError for no numbers"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
