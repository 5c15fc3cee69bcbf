"""expect: crawl counted the depth of /x along a longer path"""


async def crawl(start_url, depth, out_dir, limit=5):
    host = urlsplit(start_url).netloc
    seen = set()
    fetched = set()

    async with aiohttp.ClientSession() as session:
        async def visit(url, hops_left):
            seen.add(url)
            try:
                async with session.get(url) as response:
                    response.raise_for_status()
                    html = await response.text()
            except aiohttp.ClientError:
                return
            await asyncio.to_thread((out_dir / file_name(url)).write_text, html, encoding="utf-8")
            fetched.add(url)
            if hops_left == 0:
                return
            for link in extract_links(html, url):
                if link not in seen and urlsplit(link).netloc == host:
                    await visit(link, hops_left - 1)

        await visit(start_url, depth)
    return fetched
