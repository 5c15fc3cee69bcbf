"""`kata progress --svg`: a small progress badge a learner can put in their README."""
from __future__ import annotations

from xml.sax.saxutils import escape

LABEL = "asyncio kata"
LABEL_WIDTH = 84
BAR_WIDTH = 120


def progress_svg(done: int, total: int) -> str:
    """A badge: the label, then a bar filled in proportion to the exercises done, with the count."""
    share = done / total if total else 0.0
    filled = round(BAR_WIDTH * share)
    text = f"{done}/{total}"
    width = LABEL_WIDTH + BAR_WIDTH
    colour = "#2ea043" if done == total and total else "#3178c6"
    label = escape(LABEL)
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img"
     aria-label="{label}: {text}">
  <title>{label}: {text} exercises done</title>
  <rect width="{width}" height="20" rx="3" fill="#555"/>
  <rect x="{LABEL_WIDTH}" width="{BAR_WIDTH}" height="20" fill="#9aa4ad"/>
  <rect x="{LABEL_WIDTH}" width="{filled}" height="20" fill="{colour}"/>
  <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
    <text x="{LABEL_WIDTH / 2}" y="14">{label}</text>
    <text x="{LABEL_WIDTH + BAR_WIDTH / 2}" y="14">{text} · {round(share * 100)}%</text>
  </g>
</svg>
"""
