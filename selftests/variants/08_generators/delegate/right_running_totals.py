import itertools


def summarize():
    count, total = 0, 0.0
    while (value := (yield)) is not None:
        count += 1
        total += value
    return (count, total / count) if count else (0, 0.0)


def delegator(results):
    for _ in itertools.count():
        results.append((yield from summarize()))
