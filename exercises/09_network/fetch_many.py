"""Many downloads through one session, a few at a time.

To fetch a hundred pages, start the requests together: while one waits for its server, the others
make progress, and the whole job takes about as long as its slowest part instead of the sum of all.
Two things keep that polite and robust:

- **One session for everything.** An `aiohttp.ClientSession` holds a pool of connections that its
  requests share; open it once around the whole job (`async with aiohttp.ClientSession() as session:`)
  and pass it to every request. A session per request throws the pool away every time.
- **A limit.** A hundred requests at once can swamp a server (or your own machine). An
  `asyncio.Semaphore(limit)` lets at most `limit` coroutines past `async with semaphore:` at a time;
  the moment one leaves, the next waiting one goes in. That is a *sliding* limit: with limit 2 and
  requests of 4, 1, 1, 1 and 1 seconds, the four short ones run one after another beside the long
  one, and everything is done after 4 s. Waiting for a whole batch of 2 before starting the next
  batch would take 4 + 1 + 1 = 6 s.

Networks fail. A URL that answers 404, a connection error (`aiohttp.ClientError`) or a timeout
(`asyncio.TimeoutError`) must not sink the other downloads: catch the failure around that one
request and leave the URL out. (gather raises the first exception it sees unless each coroutine
handles its own.)

Your task: `fetch_all(urls, limit=10)` GETs every URL through one session, at most `limit` in
flight, and returns `{url: body text}` for the URLs that succeeded (status below 400).
"""
import asyncio

import aiohttp


# TODO: one session, at most `limit` requests at once, {url: text} of the URLs that succeeded.
async def fetch_all(urls: list[str], limit: int = 10) -> dict[str, str]:
    raise NotImplementedError("fetch_all")
