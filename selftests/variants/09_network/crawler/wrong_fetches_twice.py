"""expect: crawl is fetching a URL twice"""


async def crawl(start_url, depth, out_dir, limit=5):
    host = urlsplit(start_url).netloc
    semaphore = asyncio.Semaphore(limit)
    fetched = set()

    async with aiohttp.ClientSession() as session:
        async def visit(url):
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
            # only duplicates within the next level are dropped: pages seen before come back
            level = list(dict.fromkeys(link for links in found for link in links
                                       if urlsplit(link).netloc == host))
            if hops == depth:
                break
    return fetched
