"""Your first HTTP requests with aiohttp.

aiohttp is an HTTP client (and server) built on asyncio: while one request waits for the network,
the event loop runs other tasks. Requests go through a `ClientSession`, which keeps a pool of open
connections. Make one session and reuse it for many requests; a session per request throws the
pool away every time. So here the caller hands you a session: use that one.

    async with session.get(url) as response:   # sends GET url, waits for the status and headers
        print(response.status)                  # 200, 404, ...
        data = await response.json()            # reading the body is awaited too

The `async with` matters: when the block ends, the response is *released* and its connection goes
back to the pool. A response you never release keeps its connection busy.

A 404 or a 500 is still a response: aiohttp does not raise for it by itself. When an error status
should be an error, call `response.raise_for_status()`, which raises
`aiohttp.ClientResponseError` (its `.status` says which) for any status of 400 or more.

Your task:

- `fetch_status(session, url)`: GET url and return its HTTP status (an int), whatever it is.
- `fetch_json(session, url)`: GET url and return its JSON body, decoded. For a status of 400 or
  more, raise `aiohttp.ClientResponseError` instead, even when the error page is JSON too.

Both use the session they are given and release the response. The tests serve fake pages, so
nothing goes out on the network.
"""
from typing import Any

import aiohttp


# TODO: GET url through the given session and return the status; release the response.
async def fetch_status(session: aiohttp.ClientSession, url: str) -> int:
    raise NotImplementedError("fetch_status")


# TODO: GET url through the given session, return the decoded JSON body; raise for a status >= 400.
async def fetch_json(session: aiohttp.ClientSession, url: str) -> Any:
    raise NotImplementedError("fetch_json")
