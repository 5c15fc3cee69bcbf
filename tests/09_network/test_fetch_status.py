"""fetch_status and fetch_json: GET through the given aiohttp session, release, raise for errors."""
import json

import aiohttp

from grader.harness import FakeSite, expect_async_def, expect_equal, fail, plugin_explains

SITE = "http://api.test"
STATUSES = {"/orders/17": 200, "/orders": 201, "/ping": 204, "/users/9": 404, "/old": 410, "/crash": 500,
            "/busy": 503, "/teapot": 418}
PAYLOADS = {
    "/user/ada": {"name": "Ada", "languages": ["en", "fr"], "admin": True, "age": 36},
    "/prices": [1.5, 2, None, "free"],
    "/greeting": {"text": "Grüße, 世界 ✓"},
    "/count": 42,
    "/created": {"id": 7},  # answered 201: a success too
}
ERRORS = {  # status, body: most error pages here are JSON, so only checking the status catches them
    "/user/ghost": (404, {"error": "no such user", "name": "ghost"}),
    "/report": (500, {"error": "database down"}),
    "/limits": (429, [{"retry_after": 3}]),
    "/maintenance": (503, "<h1>Back soon</h1>"),
    "/search": (400, {"error": "the query is empty"}),  # 400 itself is an error status
}


def status_site() -> FakeSite:
    return FakeSite({SITE + path: (status, {"status": status}, 0.25) for path, status in STATUSES.items()})


def json_site() -> FakeSite:
    pages = {SITE + path: (201 if path == "/created" else 200, body, 0.25) for path, body in PAYLOADS.items()}
    pages.update({SITE + path: (status, body, 0.25) for path, (status, body) in ERRORS.items()})
    return FakeSite(pages)


async def call(exercise, name, session, url):
    """Run exercise.<name>(session, url): ("returned", value) or ("raised", exception)."""
    function = getattr(exercise, name)
    expect_async_def(function, name)
    try:
        outcome = ("returned", await function(session, url))
    except Exception as error:
        if plugin_explains(error):
            raise
        outcome = ("raised", error)
    if session.closed:
        fail(f"{name} closed the session it was given: the caller still needs it for its next requests.",
             hint="Leave the session alone (no `async with session:`); its owner closes it.")
    return outcome


async def expect_value(exercise, name, session, url, hint=None):
    kind, value = await call(exercise, name, session, url)
    if kind == "raised":
        problem = f"{type(value).__name__}: {value}" if str(value) else type(value).__name__
        fail(f"{name}(session, {url!r}) raised {problem.splitlines()[0]}", hint=hint)
    return value


def expect_given_session_only(site, session, name):
    used = [s for s in site.sessions_used if s is not session]
    created = [s for s in site.sessions_created if s is not session]
    if used or created:
        fail(f"{name} made a new session instead of using the one it was given.",
             f"It created {len(created)} ClientSession(s) of its own.", site.timeline(),
             hint="Send the request with the session parameter: `async with session.get(url) as response:`.")
    if not site.requests:
        fail(f"{name} made no request through the session it was given.",
             hint="`async with session.get(url) as response:` sends the GET.")


def expect_released(site, name):
    """Checked while the site is open: closing the fake site closes every response."""
    kept = [r.url for r in site.requests if r.response is not None and not r.response.kata_released]
    if kept:
        fail(f"{name} never released the response of GET {kept[0]}: its connection stays busy.",
             f"Responses never released: {', '.join(kept)}",
             hint="`async with session.get(url) as response:` releases the response when the block ends.")


async def test_fetch_status_returns_the_status_whatever_it_is(exercise):
    with status_site():
        async with aiohttp.ClientSession() as session:
            for path, status in STATUSES.items():
                url = SITE + path
                kind, got = await call(exercise, "fetch_status", session, url)
                if kind == "raised" and isinstance(got, aiohttp.ClientResponseError):
                    fail(f"fetch_status raised {type(got).__name__} for a {status} page: it should return "
                         f"the status, whatever it is.", f"GET {url} answered {status}.",
                         hint="Only fetch_json raises for error statuses; fetch_status returns response.status.")
                if kind == "raised":
                    await expect_value(exercise, "fetch_status", session, url)
                expect_equal(got, status, what=f"fetch_status(session, {url!r})")


async def test_fetch_status_uses_the_given_session(exercise):
    with status_site() as site:
        async with aiohttp.ClientSession() as session:
            for path in ["/orders/17", "/users/9"]:
                await expect_value(exercise, "fetch_status", session, SITE + path)
            expect_given_session_only(site, session, "fetch_status")


async def test_fetch_status_releases_the_response(exercise):
    with status_site() as site:
        async with aiohttp.ClientSession() as session:
            for path in ["/orders/17", "/crash", "/ping"]:
                await expect_value(exercise, "fetch_status", session, SITE + path)
            expect_released(site, "fetch_status")


async def test_fetch_json_returns_the_decoded_body(exercise):
    with json_site():
        async with aiohttp.ClientSession() as session:
            for path, body in PAYLOADS.items():
                url = SITE + path
                got = await expect_value(exercise, "fetch_json", session, url,
                                         hint="Raise only for a status of 400 or more: 201 is a success.")
                expect_equal(got, body, what=f"fetch_json(session, {url!r})", mistakes=[
                    (json.dumps(body), "fetch_json returned the body text, not the decoded JSON."),
                ], hint="`await response.json()` decodes the body.")


async def test_fetch_json_raises_for_an_error_status(exercise):
    with json_site():
        async with aiohttp.ClientSession() as session:
            for path, (status, _body) in ERRORS.items():
                url = SITE + path
                kind, got = await call(exercise, "fetch_json", session, url)
                if kind == "returned" and status == 400:
                    fail(f"fetch_json did not raise for status 400, the first error status: GET {url} answered "
                         f"400, and it returned {got!r}. Every status of 400 or more is an error (>= 400, not > 400).",
                         hint="response.raise_for_status() draws the line in the right place for you.")
                if kind == "returned":
                    fail(f"fetch_json did not raise for an error status: GET {url} answered {status}, and it "
                         f"returned {got!r}.",
                         hint="Check the status before reading the body: response.raise_for_status().")
                if not isinstance(got, aiohttp.ClientResponseError):
                    fail(f"fetch_json raised {type(got).__name__} for a {status} page; expected "
                         f"aiohttp.ClientResponseError.", f"GET {url} answered {status}.",
                         hint="response.raise_for_status() raises the right exception.")
                if got.status != status:
                    fail(f"fetch_json raised ClientResponseError for a {status} page, but its .status is "
                         f"{got.status!r}: it should say {status}.",
                         hint="response.raise_for_status() fills in the status for you.")


async def test_fetch_json_uses_the_given_session_and_releases(exercise):
    with json_site() as site:
        async with aiohttp.ClientSession() as session:
            await expect_value(exercise, "fetch_json", session, SITE + "/user/ada")
            await call(exercise, "fetch_json", session, SITE + "/user/ghost")
            expect_given_session_only(site, session, "fetch_json")
            expect_released(site, "fetch_json")
