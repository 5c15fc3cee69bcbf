"""One await after another.

`await` does two things: it runs a coroutine to the end, and it hands you the value that
coroutine returned. Without `await`, calling a coroutine function gives you only a coroutine
object, a paused computation that has not run, and not its result:

    water = fetch_water()          # <coroutine object fetch_water ...>: nothing fetched yet
    water = await fetch_water()    # "water", half a second later

So when one step needs the result of another, await the first, keep its result in a variable,
and pass that on to the next step. The steps run one after the other, and their waits add up.

Your task: `fetch_water()` (given) takes 0.5 s and returns "water". `fetch_melon(water)` (given)
takes 0.5 s and returns `water + " melon"`. Write `fruit()`: await `fetch_water()`, pass what it
returned to `fetch_melon()`, and return what that returns: "water melon", after 1.0 s in all.

Use the two helpers for real: the tests swap in other helpers that return other things, so the
answer must come from them, not from a string you typed in.
"""
import asyncio


async def fetch_water() -> str:
    await asyncio.sleep(0.5)
    return "water"


async def fetch_melon(water: str) -> str:
    await asyncio.sleep(0.5)
    return water + " melon"


# TODO: await fetch_water(), pass its result to fetch_melon(), and return what that gives back.
async def fruit() -> str:
    raise NotImplementedError("fruit")
