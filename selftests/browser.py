"""Headless Chromium for the self-tests: a page's DOM after its scripts ran, and screenshots.

Debian's `chromium` is all it takes: `--dump-dom` prints the document once the page has loaded and
its scripts have run, `--screenshot` writes a PNG of the window. No WebDriver and no Python package:
`read_png` decodes the screenshots with zlib, so a test can count pixels.

Every run gets a fresh profile and the flags that keep Chromium off the network: without them its
background connections are refused on a closed machine, and it waits for them.

    dom(path_or_url) -> str
    screenshot(path_or_url, png_path, width, height) -> Path
    read_png(png_path) -> Png (.width, .height, .pixel(x, y), .colours(box), .crop(box), .save(path))
    parse(html) -> Node (.find_all(tag, **attrs), .text, .attrs): the dumped DOM as a tree
    executable() -> str, or BrowserUnavailable saying why
"""
from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio")
TIMEOUT = 90.0  # a loaded machine starts Chromium slowly; a page that never loads still ends


class BrowserUnavailable(Exception):
    """No Chromium here, or it does not start; the message says which."""


_checked: dict[str, str | BrowserUnavailable] = {}


def executable() -> str:
    """The Chromium to use ($KATA_CHROMIUM, else the first on PATH), once proven to start."""
    if "result" not in _checked:
        _checked["result"] = _find_working()
    result = _checked["result"]
    if isinstance(result, BrowserUnavailable):
        raise result
    return result


def _find_working() -> str | BrowserUnavailable:
    found = os.environ.get("KATA_CHROMIUM") or next(filter(None, map(shutil.which, NAMES)), None)
    if not found:
        return BrowserUnavailable("no Chromium found (install Debian's `chromium`, or set KATA_CHROMIUM)")
    try:
        page = _run(found, "about:blank", ["--dump-dom"], 800, 600, TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        return BrowserUnavailable(f"{found} does not start: {error}")
    if "<html" not in page.stdout:
        return BrowserUnavailable(f"{found} does not render a page: exit {page.returncode}, "
                                  f"{page.stderr.strip()[-500:]}")
    return found


def url_of(path_or_url: str | Path) -> str:
    text = str(path_or_url)
    return text if "://" in text or text.startswith("about:") else Path(text).resolve().as_uri()


def _run(browser: str, url: str, extra: list[str], width: int, height: int,
         timeout: float) -> subprocess.CompletedProcess:
    """One headless Chromium run with its own profile, ended with all its processes."""
    with tempfile.TemporaryDirectory(prefix="kata-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", *extra, url]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True, cwd=profile)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        finally:
            try:  # helpers Chromium left behind (a GPU or network process) share its session
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def dom(path_or_url: str | Path, *, width: int = 1280, height: int = 900, timeout: float = TIMEOUT) -> str:
    """The serialised document after the page loaded and its scripts ran."""
    run = _run(executable(), url_of(path_or_url), ["--dump-dom"], width, height, timeout)
    if run.returncode != 0 or "<html" not in run.stdout:
        raise BrowserUnavailable(f"Chromium could not dump {path_or_url}: exit {run.returncode}, "
                                 f"{run.stderr.strip()[-500:]}")
    return run.stdout


def screenshot(path_or_url: str | Path, png_path: str | Path, width: int = 1280, height: int = 900, *,
               timeout: float = TIMEOUT) -> Path:
    """A PNG of the window (width × height pixels) showing the top of the page.

    A #fragment in the URL does not scroll reliably before the picture is taken: to see a part further
    down, make the window taller and crop (its place comes from the DOM, e.g. getBoundingClientRect).
    """
    target = Path(png_path).resolve()
    target.unlink(missing_ok=True)
    run = _run(executable(), url_of(path_or_url), [f"--screenshot={target}"], width, height, timeout)
    if not target.is_file():
        raise BrowserUnavailable(f"Chromium wrote no screenshot of {path_or_url}: exit {run.returncode}, "
                                 f"{run.stderr.strip()[-500:]}")
    return target


# --- PNG, decoded with the standard library ------------------------------------------------------------

@dataclass(frozen=True)
class Png:
    width: int
    height: int
    channels: int  # 3 (RGB) or 4 (RGBA)
    rows: tuple[bytes, ...]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        start = x * self.channels
        r, g, b = self.rows[y][start:start + 3]
        return r, g, b

    def colours(self, box: tuple[int, int, int, int] | None = None) -> dict[tuple[int, int, int], int]:
        """How many pixels of each colour the picture holds, or its part `box` (left, top, right, bottom)."""
        left, top, right, bottom = box or (0, 0, self.width, self.height)
        counts: dict[tuple[int, int, int], int] = {}
        step = self.channels
        for row in self.rows[max(top, 0):min(bottom, self.height)]:
            for start in range(max(left, 0) * step, min(right, self.width) * step, step):
                key = (row[start], row[start + 1], row[start + 2])
                counts[key] = counts.get(key, 0) + 1
        return counts

    def crop(self, box: tuple[int, int, int, int]) -> Png:
        left, top, right, bottom = box
        step = self.channels
        rows = tuple(row[left * step:right * step] for row in self.rows[top:bottom])
        return Png(right - left, bottom - top, step, rows)

    def save(self, path: str | Path) -> Path:
        """Write the picture as a PNG (unfiltered rows: simple, and small enough for a look)."""
        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2 if self.channels == 3 else 6, 0, 0, 0)
        pixels = zlib.compress(b"".join(b"\x00" + row for row in self.rows), 6)
        target = Path(path)
        target.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
        return target


def read_png(path: str | Path) -> Png:
    """An 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file")
    position, idat, header = 8, [], None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        position += 12 + length
    if header is None:
        raise ValueError(f"{path} has no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {2: 3, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: only 8-bit RGB or RGBA, not interlaced (depth {depth}, type {colour_type})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), previous, channels)
        rows.append(line)
        previous = line
    return Png(width, height, channels, tuple(rows))


def _unfilter(kind: int, line: bytearray, previous: bytes, bpp: int) -> bytes:
    """Undo one row's PNG filter (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return bytes(line)
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(line, previous))
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            estimate = left + up - corner
            distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
            nearest = left if distances[0] <= distances[1] and distances[0] <= distances[2] else (
                up if distances[1] <= distances[2] else corner)
            line[i] = (line[i] + nearest) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return bytes(line)


# --- The dumped DOM as a tree ----------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, as the reader sees it (entities decoded)."""
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every element below with this tag (any, if None) and these attribute values (`class_` for class;
        a class matches if it is one of the element's classes)."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(child.has(name, value) for name, value in attrs.items()):
                    found.append(child)
                found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        if not found:
            raise LookupError(f"no <{tag or '*'}> with {attrs}")
        return found[0]

    def has(self, name: str, value: str) -> bool:
        name = name.rstrip("_").replace("_", "-")
        if name == "class":
            return value in self.attrs.get("class", "").split()
        return self.attrs.get(name) == value


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(markup: str) -> Node:
    """A document (Chromium's --dump-dom output, or any HTML) as a tree of Nodes."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root
