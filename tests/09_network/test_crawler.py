"""crawl: level by level on one host, each URL once, a limit, failures skipped, pages written off the loop."""
import asyncio
import itertools
import secrets
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web

from grader.harness import (
    FakeSite,
    LoopbackGuard,
    Recorder,
    Run,
    expect_async_def,
    expect_duration,
    expect_equal,
    fail,
    timed,
)

S = "http://site.test"
HOST_HINT = "Compare each link's host and port with the start URL's (urlsplit(url).netloc) before queueing it."
_folders = itertools.count()


def html(title: str, *hrefs: str) -> str:
    items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in hrefs)
    return (f"<html><head><title>{title}</title></head>"
            f"<body><h1>{title}: Grüße, café ✓</h1><ul>{items}</ul></body></html>")


def site(graph: dict[str, list[str]], latency: float = 1.0, **special) -> dict[str, tuple]:
    """path (or full URL) -> hrefs, as pages answering 200 after `latency`; special: path -> (status, body, latency)."""
    def url(key: str) -> str:
        return S + key if key.startswith("/") else key
    pages = {url(key): (200, html(key, *hrefs), latency) for key, hrefs in graph.items()}
    pages.update({url(key): page for key, page in special.items()})
    return pages


def urls(*paths: str) -> set[str]:
    return {S + p if p.startswith("/") else p for p in paths}


async def run(exercise, pages, tmp_path, depth, *, start=S + "/", **kwargs):
    """crawl(start, depth, a fresh folder, **kwargs) on the fake site: (result, loop seconds, FakeSite, folder)."""
    expect_async_def(exercise.crawl, "crawl")
    out_dir = tmp_path / f"pages{next(_folders)}"
    out_dir.mkdir()
    raised = None
    with FakeSite(pages) as fake:
        try:
            result, elapsed = await timed(exercise.crawl(start, depth, out_dir, **kwargs))
        except (TimeoutError, aiohttp.ClientError) as error:
            raised = f"{type(error).__name__}: {error}"
        except BaseExceptionGroup as group:
            if group.subgroup((aiohttp.ClientError, asyncio.TimeoutError)) is None:
                raise
            raised = f"{type(group).__name__}: {group}"
    if raised:
        fail(f"One failure ended the crawl: crawl raised {raised.splitlines()[0]}",
             fake.timeline(), hint="Catch aiohttp.ClientError around each page's own request, skip that page, "
                                   "and go on with the others.")
    host = urlsplit(start).netloc
    foreign = [u for u in fake.urls if urlsplit(u).netloc != host]
    if foreign:
        fail(f"crawl is following other hosts: it requested {foreign[0]}, which is not on {host}.",
             fake.timeline(), hint=HOST_HINT)
    unknown = [u for u in fake.urls if u not in pages]
    if unknown:
        fail(f"crawl requested {unknown[0]}, a URL that no page links to.", fake.timeline(),
             hint="Take each page's links from extract_links(html, url) with that page's own url, and use them "
                  "exactly as it returns them.")
    twice = fake.twice()
    if twice:
        fail(f"crawl is fetching a URL twice: it requested {twice[0]} {fake.count(twice[0])} times.",
             fake.timeline(), hint="Keep a set of the URLs already seen (queued or fetched) and skip those.")
    failed = sorted(u for u, page in fake.pages.items() if page.status >= 400 or not isinstance(page.body, str))
    returned = sorted(set(result) & set(failed)) if isinstance(result, (set, frozenset, list, tuple, dict)) else []
    if returned:
        fail(f"crawl returned a page that failed: {returned[0]}.", "Return only the URLs fetched successfully.",
             fake.timeline(), hint="A status of 400 or more is a failure: response.raise_for_status().")
    return result, elapsed, fake, out_dir


# The start page and its links, by depth (shortest path from the start page).
TREE = {
    "/": ["/a", "b", "/docs/intro"],
    "/a": ["/a/1", "/a/2"],
    "/b": ["/b/1"],
    "/docs/intro": ["part2"],          # relative to /docs/intro: /docs/part2
    "/a/1": ["/a/1/x"],
    "/a/2": [],
    "/b/1": [],
    "/docs/part2": ["../deep"],        # /deep
    "/a/1/x": ["/a/1/x/y"],
    "/deep": [],
    "/a/1/x/y": [],
}
TREE_LEVELS = [["/"], ["/a", "/b", "/docs/intro"], ["/a/1", "/a/2", "/b/1", "/docs/part2"], ["/a/1/x", "/deep"],
               ["/a/1/x/y"]]


def tree_pages(depth: int) -> set[str]:
    return urls(*(p for level in TREE_LEVELS[:depth + 1] for p in level))


async def test_follows_links_to_the_given_depth(exercise, tmp_path):
    for depth in [0, 1, 2, 3]:
        result, _, fake, _ = await run(exercise, site(TREE), tmp_path, depth)
        mistakes = [(tree_pages(depth + 1), f"depth off by one: crawl(..., depth={depth}) went one hop too far.")]
        if depth:
            mistakes.append((tree_pages(depth - 1),
                             f"depth off by one: crawl(..., depth={depth}) stopped one hop early."))
        else:
            mistakes.append((set(), "depth off by one: with depth=0, crawl should still fetch the start page."))
        expect_equal(result, tree_pages(depth), what=f"crawl(start, depth={depth}, ...)", mistakes=mistakes,
                     evidence=[fake.timeline()],
                     hint="depth 0 is the start page alone; each level of links adds one to the depth.")


async def test_takes_one_latency_per_level(exercise, tmp_path):
    _, elapsed, fake, _ = await run(exercise, site(TREE), tmp_path, 3)
    expect_duration(elapsed, 4.0, what="crawl to depth 3 with one-second pages", evidence=[fake.timeline()],
                    mistakes={10.0: "crawl is sequential: it fetched the pages of one depth one after another."},
                    hint="Fetch all the pages of one depth together (asyncio.gather), then move to the next depth.")
    levels = {S + path: hops for hops, level in enumerate(TREE_LEVELS[:4]) for path in level}
    late = [r for r in fake.requests if abs(r.start - levels[r.url]) > 0.01]
    if late:
        fail(f"crawl did not fetch the pages of one depth at once: {late[0].url} (depth {levels[late[0].url]}) "
             f"started at {late[0].start:g} s of loop time, expected at {levels[late[0].url]:g} s.",
             fake.timeline())


async def test_fetches_each_url_once(exercise, tmp_path):
    graph = {
        "/": ["/a", "/b", "/a", "/", "#top", "/b#comments"],  # repeats, itself, fragments
        "/a": ["/b", "/", "/c", "/a"],
        "/b": ["/a", "/c", "/c", "/"],                          # /a and /b both link /c, at the same depth
        "/c": ["/", "/a", "/d"],
        "/d": ["/c", "/"],
    }
    result, _, fake, _ = await run(exercise, site(graph), tmp_path, 4)
    expect_equal(result, urls(*graph), what="crawl of a site full of cycles (depth 4)", evidence=[fake.timeline()])


async def test_stays_on_the_start_host(exercise, tmp_path):
    graph = {
        "/": ["/news", "http://other.test/", "http://site.test:8080/admin", "http://cdn.site.test/app.js",
              "http://other.test/about"],
        "/news": ["/news/today", "http://other.test/news", "http://site.test:8081/"],
        "/news/today": [],
        "http://other.test/": ["http://other.test/deeper", "/"],
        "http://other.test/about": [], "http://other.test/news": [], "http://other.test/deeper": [],
        "http://site.test:8080/admin": [], "http://site.test:8081/": [], "http://cdn.site.test/app.js": [],
    }
    result, _, fake, _ = await run(exercise, site(graph), tmp_path, 2)
    expect_equal(result, urls("/", "/news", "/news/today"), what="crawl of a site linking to other hosts",
                 evidence=[fake.timeline()], hint=HOST_HINT)


async def test_follows_every_path_on_the_start_host(exercise, tmp_path):
    graph = {"/docs/": ["/about", "guide", "/docs/api", "http://other.test/docs/"], "/about": ["/team"],
             "/docs/guide": [], "/docs/api": [], "/team": [], "http://other.test/docs/": []}
    result, _, fake, _ = await run(exercise, site(graph), tmp_path, 2, start=S + "/docs/")
    expect_equal(result, urls("/docs/", "/about", "/docs/guide", "/docs/api", "/team"),
                 what="crawl starting at http://site.test/docs/ (depth 2)", evidence=[fake.timeline()], mistakes=[
                     (urls("/docs/", "/docs/guide", "/docs/api"),
                      "crawl stayed below the start page's path: /about and /team are on the same host as "
                      "http://site.test/docs/, only outside /docs/. Every page on the start page's host and port "
                      "is followed, whatever its path."),
                 ], hint=HOST_HINT)


async def test_depth_counts_the_shortest_path(exercise, tmp_path):
    # /x is linked from the start page (depth 1) and from /b (depth 2): its link /y is at depth 2.
    graph = {"/": ["/b", "/x"], "/b": ["/x"], "/x": ["/y"], "/y": ["/z"], "/z": []}
    result, _, fake, _ = await run(exercise, site(graph), tmp_path, 2)
    expect_equal(result, urls("/", "/b", "/x", "/y"), what="crawl(start, depth=2) where /x is at depth 1 and 2",
                 mistakes=[(urls("/", "/b", "/x"),
                            "crawl counted the depth of /x along a longer path: the start page links to it, so it "
                            "is at depth 1 and its link /y (depth 2) must be fetched.")],
                 evidence=[fake.timeline()],
                 hint="Go level by level (breadth first): every page of depth 1 before any page of depth 2.")


async def test_depth_counts_the_shortest_path_with_slow_pages(exercise, tmp_path):
    # /x is 2 hops away through the slow page, 3 hops through the fast ones, which finish first.
    graph = {"/": ["/slow", "/fast"], "/slow": ["/x"], "/fast": ["/mid"], "/mid": ["/x"], "/x": ["/y"], "/y": []}
    result, elapsed, fake, _ = await run(exercise, site(graph, **{"/slow": (200, html("/slow", "/x"), 3.0)}),
                                         tmp_path, 3)
    expect_equal(result, urls(*graph), what="crawl(start, depth=3) where /x is 2 hops away via a slow page",
                 mistakes=[(urls("/", "/slow", "/fast", "/mid", "/x"),
                            "crawl counted the depth of /x along the path found first, not the shortest: it is 2 "
                            "hops away (through /slow), so its link /y (3 hops) must be fetched.")],
                 evidence=[fake.timeline()],
                 hint="Finish every page of one depth before queueing the next depth's pages.")
    expect_duration(elapsed, 6.0, what="crawl (levels taking 1, 3, 1 and 1 s)", evidence=[fake.timeline()])


async def test_never_more_than_limit_in_flight(exercise, tmp_path):
    items = [f"/item/{n}" for n in range(12)]
    pages = site({"/": items, **{item: [] for item in items}})
    for limit, expected in [(3, 5.0), (None, 4.0)]:
        result, elapsed, fake, _ = await run(exercise, pages, tmp_path, 1, **({"limit": limit} if limit else {}))
        shown = f"limit={limit}" if limit else "the default limit (5)"
        if fake.max_in_flight > (limit or 5):
            fail(f"crawl is exceeding the limit: {fake.max_in_flight} requests were in flight at once with {shown}.",
                 fake.timeline(), hint="One asyncio.Semaphore(limit) for the whole crawl, held around each request.")
        if fake.max_in_flight < (limit or 5):
            fail(f"crawl ran at most {fake.max_in_flight} requests at once with {shown}, although 12 pages of one "
                 f"depth were waiting: it should run {limit or 5} at once.", fake.timeline(),
                 hint="The default is limit=5: def crawl(start_url, depth, out_dir, limit=5).")
        expect_equal(result, urls("/", *items), what=f"crawl with {shown}")
        expect_duration(elapsed, expected, what=f"crawl of 1 + 12 one-second pages with {shown}",
                        evidence=[fake.timeline()],
                        mistakes={13.0: "crawl is sequential: it fetched the pages of one depth one after another."})


async def test_failures_are_skipped(exercise, tmp_path):
    graph = {"/": ["/ok1", "/gone", "/boom", "/refused", "/ok2"], "/ok1": ["/ok1/child"], "/ok2": ["/ok2/child"],
             "/ok1/child": [], "/ok2/child": [], "/secret": []}
    pages = site(graph, **{"/gone": (404, html("Not found", "/secret"), 1.0),
                           "/boom": (500, html("Server error", "/secret"), 1.0),
                           "/refused": (200, aiohttp.ClientConnectionError("Connection refused"), 1.0)})
    result, elapsed, fake, _ = await run(exercise, pages, tmp_path, 2)
    if fake.count(S + "/secret"):
        fail("crawl followed the links of a page that failed: /secret is linked only from the 404 and 500 pages.",
             fake.timeline(), hint="A status of 400 or more is a failure: response.raise_for_status().")
    expect_equal(result, urls("/", "/ok1", "/ok2", "/ok1/child", "/ok2/child"),
                 what="crawl of a site where /gone is 404, /boom is 500 and /refused refuses connections",
                 evidence=[fake.timeline()])
    expect_duration(elapsed, 3.0, what="crawl", evidence=[fake.timeline()])
    result, _, _, _ = await run(exercise, {S + "/": (503, "Down for maintenance", 1.0)}, tmp_path, 2)
    expect_equal(result, set(), what="crawl of a start page that answers 503")


async def test_writes_each_page_to_its_file(exercise, tmp_path, monkeypatch):
    graph = {"/": ["/über", "/日本", "/gone"], "/über": ["/plain"], "/日本": [], "/plain": []}
    pages = site(graph, **{"/gone": (404, "no such page", 1.0)})
    pages[S + "/plain"] = (200, "line one\nline two: naïve ☃\n", 1.0)
    names = {url: f"page-{n:02}.txt" for n, url in enumerate(sorted(pages))}
    monkeypatch.setattr(exercise, "file_name", lambda url: names.get(url, "unexpected.txt"))
    result, _, fake, out_dir = await run(exercise, pages, tmp_path, 2)
    fetched = urls("/", "/über", "/日本", "/plain")
    expect_equal(result, fetched, what="crawl", evidence=[fake.timeline()])
    written = {path.name: path.read_bytes() for path in out_dir.iterdir()}
    for url in sorted(fetched):
        if names[url] not in written:
            fail(f"crawl did not write {url} to out_dir / file_name(url).",
                 f"Files written: {sorted(written) or 'none'}; expected {names[url]} for {url}.",
                 hint="Name each file with the given file_name(url), inside out_dir.")
        expected = pages[url][1]
        if written[names[url]] != expected.encode("utf-8"):
            fail(f"crawl wrote the wrong content for {url}: the file should hold the page's text, UTF-8 encoded.",
                 f"Expected {expected!r}", f"Found    {written[names[url]][:200]!r}")
    extra = sorted(set(written) - {names[url] for url in fetched})
    if extra:
        fail(f"crawl wrote files for pages it did not fetch successfully: {extra}.",
             hint="Write a page only once its response succeeded.")


# --- A real server on 127.0.0.1 -----------------------------------------------------------------

SLOW = 0.8  # seconds a slow page of the real server takes


class RealSite(Recorder):
    """An aiohttp.web server on 127.0.0.1 (any free port) serving path -> hrefs, logging every request
    (and, as a Recorder, how many it handled at once: `max_in_flight`)."""

    def __init__(self, graph: dict[str, list[str]], slow: set[str], failing: dict[str, int]) -> None:
        super().__init__()
        self.graph, self.slow, self.failing = graph, slow, failing
        self.log: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        path = request.path
        self.log.append(path)
        with self.recording(Run(path)):
            if path in self.slow:
                await asyncio.sleep(SLOW)
            if path in self.failing:
                return web.Response(status=self.failing[path], text=html("Error", "/never"), content_type="text/html")
            if path not in self.graph:
                return web.Response(status=404, text="Not found", content_type="text/plain")
            return web.Response(text=self.page(path), content_type="text/html", charset="utf-8")

    def page(self, path: str) -> str:
        return html(path, *self.graph[path])

    async def __aenter__(self) -> "RealSite":
        app = web.Application()
        app.router.add_get("/{tail:.*}", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        server = web.TCPSite(self.runner, "127.0.0.1", 0)
        await server.start()
        self.port = self.runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.runner.cleanup()


@pytest.mark.looptime(False)
@pytest.mark.timeout(60)
async def test_crawls_a_real_server(exercise, tmp_path):
    expect_async_def(exercise.crawl, "crawl")
    t = secrets.token_hex(3)  # fresh page names every run
    graph = {
        "/": [f"/{t}/a/", f"{t}/b", f"/slow1-{t}", f"/slow2-{t}", f"/slow3-{t}", f"/missing-{t}", "/", f"{t}/a/#top",
              "http://other.invalid/", "{OTHER_IP}/", "{OTHER_PORT}/"],
        f"/{t}/a/": ["deep", "../../", "../b", f"/boom-{t}"],
        f"/{t}/b": ["a/", f"/c-{t}", "{OTHER_PORT}/x"],
        f"/slow1-{t}": [f"/c-{t}", f"/slow2-{t}"],
        f"/slow2-{t}": [f"/c-{t}", f"/slow3-{t}"],
        f"/slow3-{t}": [f"/c-{t}", f"/slow1-{t}"],
        f"/{t}/a/deep": [f"/d-{t}"],
        f"/c-{t}": [f"/e-{t}", "http://other.invalid/c"],
        f"/d-{t}": [f"/f-{t}"],
        f"/e-{t}": [],
        f"/f-{t}": [],
    }
    real = RealSite(graph, slow={f"/slow{n}-{t}" for n in (1, 2, 3)}, failing={f"/boom-{t}": 500})
    async with real:
        port = real.port
        other_port = port + 1 if port < 65535 else port - 1
        for path, hrefs in graph.items():
            graph[path] = [h.replace("{OTHER_IP}", f"http://127.0.0.2:{port}")
                            .replace("{OTHER_PORT}", f"http://127.0.0.1:{other_port}") for h in hrefs]
        start = f"http://127.0.0.1:{port}/"
        out_dir = tmp_path / "real"
        out_dir.mkdir()
        with LoopbackGuard({("127.0.0.1", port)}) as guard:
            try:
                result = await asyncio.wait_for(exercise.crawl(start, 3, out_dir, limit=3), timeout=40)
            except (TimeoutError, aiohttp.ClientError) as error:
                result = error
            guard.check("crawl", hint=HOST_HINT)
    log = "Requests the server saw, in order: " + ", ".join(real.log)
    if isinstance(result, BaseException):
        fail(f"One failure ended the crawl: crawl raised {type(result).__name__} while crawling a real server on "
             f"127.0.0.1: {result}", log)
    repeated = sorted({p for p in real.log if real.log.count(p) > 1})
    if repeated:
        fail(f"crawl is fetching a URL twice: the server saw {repeated[0]} {real.log.count(repeated[0])} times.", log)
    if "/never" in real.log:
        fail("crawl followed the links of a page that failed: /never is linked only from a 500 page.", log)
    strays = [p for p in real.log if p not in graph and p not in (f"/missing-{t}", f"/boom-{t}")]
    if strays:
        fail(f"crawl requested {strays[0]}, a URL that no page links to.", log,
             hint="Take each page's links from extract_links(html, url) with that page's own url.")
    base = start.rstrip("/")
    levels = [{"/"}, {f"/{t}/a/", f"/{t}/b", f"/slow1-{t}", f"/slow2-{t}", f"/slow3-{t}"}, {f"/{t}/a/deep", f"/c-{t}"},
              {f"/d-{t}", f"/e-{t}"}, {f"/f-{t}"}]
    expected = {base + path for level in levels[:4] for path in level}
    failed = set(result) & {base + p for p in (f"/missing-{t}", f"/boom-{t}")} if isinstance(result, set) else set()
    if failed:
        fail(f"crawl returned a page that failed: {sorted(failed)[0]}.", "Return only the URLs fetched successfully.",
             log, hint="A status of 400 or more is a failure: response.raise_for_status().")
    expect_equal(result, expected, what="crawl of the real server to depth 3", evidence=[log], mistakes=[
        (expected | {base + f"/f-{t}"}, "depth off by one: crawl(..., depth=3) went one hop too far."),
        ({base + p for level in levels[:3] for p in level}, "depth off by one: crawl(..., depth=3) stopped one "
                                                             "hop early."),
    ])
    if real.max_in_flight > 3:
        fail(f"crawl is exceeding the limit: the server had {real.max_in_flight} requests at once with limit=3.", log)
    if real.max_in_flight < 2:
        fail("crawl is sequential: the server never had two requests at once, although three slow pages of the "
             f"same depth each took {SLOW} s.", log)
    for url in sorted(expected):
        path = out_dir / exercise.file_name(url)
        if not path.is_file():
            fail(f"crawl did not write {url} to out_dir / file_name(url) ({path.name}).",
                 f"Files written: {sorted(p.name for p in out_dir.iterdir())}")
        expected_text = real.page(urlsplit(url).path)
        if path.read_bytes() != expected_text.encode("utf-8"):
            fail(f"crawl wrote the wrong content for {url}: the file should hold the page's text, UTF-8 encoded.")
