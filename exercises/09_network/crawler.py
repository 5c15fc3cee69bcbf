"""A polite web crawler: level by level, each page once, a few requests at a time.

A crawler fetches a start page, finds its links, fetches those pages, finds *their* links, and so
on. Seen as a graph, that is a breadth-first search, and asyncio makes each level cheap: all the
pages one hop further away can be fetched at once.

    depth 0:  http://site.test/                         (the start page)
    depth 1:  every same-host page it links to          (fetched together)
    depth 2:  every new page those link to              (fetched together)

A page's depth is its distance along the *shortest* path: if the start page links to /about and
/blog links to /about too, /about is at depth 1. Working level by level gives you that for free:
keep a set of URLs already seen and only queue the new ones for the next level. The set also keeps
cycles (a page linking back to the start) from fetching anything twice.

The rest is what a well-behaved program does anyway:

- Stay on the start page's host and port: a link to another site (or the same name on another
  port) is not followed.
- At most `limit` requests in flight at once: an `asyncio.Semaphore(limit)`, as in fetch_many.
- A page that fails (a status of 400 or more, or an `aiohttp.ClientError`) is skipped, and the
  crawl goes on without it.
- Save each page's text, UTF-8, to `out_dir / file_name(url)`. Writing a file is blocking I/O: a
  plain `open(...).write(...)` inside a coroutine stops the whole event loop while the disk works.
  Hand it to a thread: `await asyncio.to_thread(path.write_text, text, encoding="utf-8")`.

Your task: `crawl(start_url, depth, out_dir, limit=5)` fetches start_url and the same-host pages up
to `depth` hops from it, each URL once (as the exact string `extract_links` gives), the pages of one
depth at the same time. It writes every page it fetched successfully and returns the set of those
URLs. With depth 0 only the start page is fetched.

`extract_links(html, base_url)` and `file_name(url)` are given. The tests serve a fake site, and
also start a real little web server on 127.0.0.1 for your crawler to explore.
"""
import asyncio
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def extract_links(html: str, base_url: str) -> list[str]:
    """The absolute http(s) URLs of the <a href> links in html, in page order, fragments dropped.

    Relative links are resolved against base_url, the URL of the page the html came from.
    A link that appears twice is listed twice.
    """
    parser = _LinkParser()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        url, _fragment = urldefrag(urljoin(base_url, href.strip()))
        if urlsplit(url).scheme in ("http", "https"):
            links.append(url)
    return links


def file_name(url: str) -> str:
    """A safe, unique file name for url, e.g. 'site_test_docs_intro_1a2b3c4d.html'."""
    readable = re.sub(r"[^A-Za-z0-9]+", "_", url.split("://", 1)[-1]).strip("_")[:60]
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{readable}_{digest}.html"


# TODO: fetch level by level up to `depth` hops on the start host, each URL once, write each page.
async def crawl(start_url: str, depth: int, out_dir: Path, limit: int = 5) -> set[str]:
    raise NotImplementedError("crawl")
