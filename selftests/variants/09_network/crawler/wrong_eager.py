"""expect: crawl counted the depth of /x along the path found first, not the shortest"""


async def crawl(start_url, depth, out_dir, limit=5):
    host = urlsplit(start_url).netloc
    semaphore = asyncio.Semaphore(limit)
    seen = {start_url}
    fetched = set()

    async with aiohttp.ClientSession() as session:
        async def visit(url, hops_left, group):
            async with semaphore:
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
                    seen.add(link)
                    group.create_task(visit(link, hops_left - 1, group))  # starts as soon as it is found

        async with asyncio.TaskGroup() as group:
            group.create_task(visit(start_url, depth, group))
    return fetched
