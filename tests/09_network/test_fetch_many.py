"""fetch_all: one session, a sliding limit of requests in flight, failed URLs left out."""
import asyncio

import aiohttp

from grader.harness import FakeSite, expect_async_def, expect_duration, expect_equal, fail, timed

CDN = "http://cdn.test/"


def pages(latencies: dict[str, float], **failures) -> dict[str, tuple]:
    """name -> latency pages answering 200 with a body of their own; failures: name=(status, body, latency)."""
    site = {CDN + name: (200, f"<p>{name}: café ✓ {len(name) * 7}</p>", latency) for name, latency in latencies.items()}
    site.update({CDN + name: page for name, page in failures.items()})
    return site


def bodies(site: dict[str, tuple], names) -> dict[str, str]:
    return {CDN + name: site[CDN + name][1] for name in names}


async def run(exercise, urls, site, **kwargs):
    """fetch_all(urls, **kwargs) against the fake site: (result, loop seconds, FakeSite)."""
    expect_async_def(exercise.fetch_all, "fetch_all")
    raised = None
    with FakeSite(site, content_type="text/plain; charset=utf-8") as fake:
        try:
            result, elapsed = await timed(exercise.fetch_all(urls, **kwargs))
        except (TimeoutError, aiohttp.ClientError) as error:
            raised = type(error).__name__
        except BaseExceptionGroup as group:
            if group.subgroup((aiohttp.ClientError, asyncio.TimeoutError)) is None:
                raise
            raised = f"{type(group).__name__} ({group})"
    if raised:
        fail(f"One failure failed everything: fetch_all raised {raised} because one URL failed, instead of "
             "leaving that URL out.", fake.timeline(),
             hint="Catch (aiohttp.ClientError, asyncio.TimeoutError) inside each request's own coroutine.")
    if isinstance(result, dict):
        result = dict(result)  # a dict subclass is fine; its values still are checked exactly
    twice = fake.twice()
    if twice:
        fail(f"fetch_all requested {twice[0]} {fake.count(twice[0])} times: request each URL once.",
             fake.timeline())
    return result, elapsed, fake


async def test_returns_the_body_of_every_page(exercise):
    site = pages({"index.html": 1.0, "style.css": 0.5, "logo.svg": 1.5, "app.js": 1.0, "ünïcode.txt": 0.5})
    urls = list(site)
    result, _, _ = await run(exercise, urls, site)
    expect_equal(result, bodies(site, [u.removeprefix(CDN) for u in urls]), what=f"fetch_all({len(urls)} URLs)",
                 hint="Return a dict: {url: await response.text()} for each URL that succeeded.")


async def test_requests_run_at_once(exercise):
    latencies = {"a.json": 2.0, "b.json": 1.0, "c.json": 1.5, "d.json": 0.5, "e.json": 1.0, "f.json": 2.0}
    site = pages(latencies)
    _, elapsed, fake = await run(exercise, list(site), site)
    expect_duration(elapsed, 2.0, what="fetch_all of 6 pages (slowest 2 s, limit 10)", evidence=[fake.timeline()],
                    mistakes={sum(latencies.values()): "fetch_all is sequential: it waited for each request "
                                                      "before starting the next."},
                    hint="Start every request (one coroutine per URL) and wait for them together: asyncio.gather.")


async def test_one_session_for_all_requests(exercise):
    site = pages({f"img{n}.png": 1.0 for n in range(5)})
    _, _, fake = await run(exercise, list(site), site)
    if not fake.requests:
        fail("fetch_all made no request.")
    if len(fake.sessions_used) > 1 or len(fake.sessions_created) > 1:
        fail(f"fetch_all used one session per request: it opened {len(fake.sessions_created)} ClientSessions "
             f"for {len(fake.requests)} requests.", fake.timeline(),
             hint="Open one session around the whole job and pass it to every request.")
    if not fake.sessions_used[0].closed:
        fail("fetch_all left its ClientSession open.",
             hint="`async with aiohttp.ClientSession() as session:` closes it when the work is done.")


async def test_never_more_than_limit_in_flight(exercise):
    site = pages({f"part{n:02}.bin": 1.0 for n in range(12)})
    _, elapsed, fake = await run(exercise, list(site), site, limit=3)
    if fake.max_in_flight > 3:
        fail(f"fetch_all is exceeding the limit: {fake.max_in_flight} requests were in flight at once with "
             "limit=3.", fake.timeline(),
             hint="Create one asyncio.Semaphore(limit) for the whole call and hold it around each request.")
    expect_duration(elapsed, 4.0, what="fetch_all of 12 one-second pages with limit=3", evidence=[fake.timeline()],
                    mistakes={12.0: "fetch_all is sequential: it waited for each request before starting the next."},
                    hint="With limit=3, three requests run at any moment: 12 pages take 4 s.")


async def test_limit_defaults_to_ten(exercise):
    site = pages({f"row{n:02}.csv": 1.0 for n in range(25)})
    _, elapsed, fake = await run(exercise, list(site), site)
    if fake.max_in_flight > 10:
        fail(f"fetch_all is exceeding the limit: {fake.max_in_flight} requests were in flight at once; the "
             "default limit is 10.", fake.timeline())
    if fake.max_in_flight < 10:
        fail(f"fetch_all ran at most {fake.max_in_flight} requests at once with the default limit: it should run "
             "10 at once (limit=10 by default).", fake.timeline(), hint="def fetch_all(urls, limit=10):")
    expect_duration(elapsed, 3.0, what="fetch_all of 25 one-second pages with the default limit (10)",
                    evidence=[fake.timeline()])


async def test_limit_slides(exercise):
    latencies = {"big.iso": 4.0, "s1.txt": 1.0, "s2.txt": 1.0, "s3.txt": 1.0, "s4.txt": 1.0}
    site = pages(latencies)
    _, elapsed, fake = await run(exercise, list(site), site, limit=2)
    expect_duration(elapsed, 4.0, what="fetch_all of pages taking 4, 1, 1, 1, 1 s with limit=2",
                    evidence=[fake.timeline()], mistakes={
                        6.0: "fetch_all waited for a whole batch to finish before starting the next: a request "
                             "should start as soon as any one finishes.",
                        8.0: "fetch_all is sequential: it waited for each request before starting the next.",
                    }, hint="A Semaphore(limit) held around each request gives a sliding limit; batches do not.")
    expect_equal(sorted(r.start for r in fake.requests),
                 [0.0, 0.0, 1.0, 2.0, 3.0], what="the moments the requests started (sorted, loop seconds)",
                 evidence=[fake.timeline()])


async def test_error_statuses_are_left_out(exercise):
    site = pages({"ok1.html": 1.0, "ok2.html": 1.0, "ok3.html": 0.5},
                 **{"missing.html": (404, {"error": "not found"}, 0.5),
                    "broken.html": (500, "<h1>Internal Server Error</h1>", 1.0),
                    "private.html": (403, "Forbidden", 1.0),
                    "bad.html": (400, "Bad Request", 0.5),
                    "created.html": (201, "<p>created: café ✓</p>", 0.5)})
    result, _, fake = await run(exercise, list(site), site)
    wanted = bodies(site, ["ok1.html", "ok2.html", "ok3.html", "created.html"])
    kept = sorted(set(result) - set(wanted)) if isinstance(result, dict) else []
    if kept:
        status = site[kept[0]][0] if kept[0] in site else "?"
        if status == 400:
            fail(f"fetch_all kept a failed page: {kept[0]} answered 400, the first error status, and its body is in "
                 "the result. Every status of 400 or more is a failure (>= 400, not > 400).",
                 hint="response.raise_for_status() draws the line in the right place for you.")
        fail(f"fetch_all kept a failed page: {kept[0]} answered {status}, and its body is in the result.",
             hint="A status of 400 or more is a failure: response.raise_for_status(), then leave the URL out.")
    expect_equal(result, wanted, what="fetch_all with pages answering 404, 500, 403, 400 and 201",
                 evidence=[fake.timeline()], mistakes=[
                     ({url: body for url, body in wanted.items() if not url.endswith("created.html")},
                      ("fetch_all left out a page that succeeded: created.html answered 201, and every status "
                       "below 400 is a success, not only 200.")),
                 ], hint="Leave out a page only when its status is 400 or more: response.raise_for_status() "
                         "(or `if not response.ok`).")


async def test_one_failure_does_not_stop_the_others(exercise):
    site = pages({"slow1.dat": 2.0, "slow2.dat": 2.0, "quick.dat": 0.5},
                 **{"refused.dat": (200, aiohttp.ClientConnectionError("Connection refused"), 0.5),
                    "reset.dat": (200, aiohttp.ServerDisconnectedError(), 1.0),
                    "hangs.dat": (200, TimeoutError(), 1.0)})
    urls = list(site)
    result, elapsed, fake = await run(exercise, urls, site)
    expect_equal(result, bodies(site, ["slow1.dat", "slow2.dat", "quick.dat"]),
                 what="fetch_all with three URLs that fail (connection refused, disconnected, timed out)",
                 evidence=[fake.timeline()],
                 hint="Leave out only the URLs that failed; the others must still complete.")
    expect_duration(elapsed, 2.0, what="fetch_all", evidence=[fake.timeline()])


async def test_no_urls(exercise):
    result, elapsed, _ = await run(exercise, [], {})
    expect_equal(result, {}, what="fetch_all([])")
    expect_duration(elapsed, 0.0, what="fetch_all([])")
