"""expect: primed must return a function that makes and primes"""


def averager():
    total, count, average = 0.0, 0, None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def primed(gen_fn):
    gen = gen_fn()
    next(gen)
    return gen
