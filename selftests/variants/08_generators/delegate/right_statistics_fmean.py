import statistics


def summarize():
    values = []
    value = yield
    while value is not None:
        values.append(value)
        value = yield
    return len(values), float(statistics.fmean(values)) if values else 0.0


def delegator(results):
    while True:
        result = yield from summarize()
        results.append(result)
