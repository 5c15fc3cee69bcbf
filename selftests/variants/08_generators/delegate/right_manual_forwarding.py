def summarize():
    values = []
    while True:
        value = yield
        if value is None:
            return len(values), (sum(values) / len(values) if values else 0.0)
        values.append(value)


def delegator(results):
    # What yield from does, spelled out (without throw() and close()).
    while True:
        inner = summarize()
        to_send = None
        while True:
            try:
                yielded = inner.send(to_send)
            except StopIteration as stop:
                results.append(stop.value)
                break
            to_send = yield yielded
