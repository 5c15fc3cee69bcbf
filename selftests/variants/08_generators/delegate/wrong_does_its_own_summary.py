"""expect: delegator did not call summarize"""


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return count, total / count if count else 0.0


def delegator(results):
    while True:
        values = []
        while (value := (yield)) is not None:
            values.append(value)
        results.append((len(values), sum(values) / len(values) if values else 0.0))
