"""expect: blocking call froze the event loop"""



async def crawl(start_url, depth, out_dir, limit=5):
    host = urlsplit(start_url).netloc
    semaphore = asyncio.Semaphore(limit)
    seen = {start_url}
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
            (out_dir / file_name(url)).write_text(html, encoding="utf-8")
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
