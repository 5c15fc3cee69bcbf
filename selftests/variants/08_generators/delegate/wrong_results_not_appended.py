"""expect: did not append summarize's result to results"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    while True:
        yield from summarize()
