"""A polite web crawler: reference solution."""
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


async def crawl(start_url: str, depth: int, out_dir: Path, limit: int = 5) -> set[str]:
    host = urlsplit(start_url).netloc
    semaphore = asyncio.Semaphore(limit)
    seen = {start_url}
    fetched: set[str] = set()

    async with aiohttp.ClientSession() as session:
        async def visit(url: str) -> list[str]:
            """Fetch and save one page; its links, or [] if it failed."""
            async with semaphore:
                try:
                    async with session.get(url) as response:
                        response.raise_for_status()
                        html = await response.text()
                except aiohttp.ClientError:
                    return []
            await asyncio.to_thread((out_dir / file_name(url)).write_text, html, encoding="utf-8")
            fetched.add(url)
            return extract_links(html, url)

        level = [start_url]
        for hops in range(depth + 1):
            found = await asyncio.gather(*(visit(url) for url in level))
            if hops == depth:
                break
            level = []
            for links in found:
                for link in links:
                    if link not in seen and urlsplit(link).netloc == host:
                        seen.add(link)
                        level.append(link)
    return fetched
