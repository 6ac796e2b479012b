"""Find an article's head (headline and first paragraph) behind crawled page furniture."""

from __future__ import annotations

import re
from collections.abc import Iterator

HEAD_CHARS = 200  # how much of the article counts as its head

# Page furniture that crawled text often starts with: not the headline.
_FURNITURE = re.compile(
    r"首页|当前位置|您的位置|来源[:：]|编辑[:：]|作者[:：]|发布时间|发布日期|日期[:：]|时间[:：]|浏览|"
    r"字号|打印|分享到|版权|责任编辑|点击|登录|APP|微信|微博|网站|扫描|二维码|收藏|频道"
)
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` with the offset where it starts, read only as far as asked."""
    pos = 0
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield pos, text[pos:end]
        pos = end + 1


def head_span(text: str) -> tuple[int, int]:
    """Where the headline and first paragraph are: the first lines that are not page furniture."""
    start = end = None
    for line_start, line in _lines(text):
        body = line.strip()
        if len(body) < 6 or len(_NOT_CJK.sub("", body)) < 0.3 * len(body):  # mostly not Chinese
            continue
        if len(body) < 60 and _FURNITURE.search(body):
            continue
        start = line_start if start is None else start
        end = line_start + len(line)
        if end - start >= HEAD_CHARS:
            break
    if start is None:
        return 0, min(len(text), HEAD_CHARS)
    return start, min(end, start + HEAD_CHARS)


def title_span(text: str, head: tuple[int, int] | None = None) -> tuple[int, int]:
    """The headline: the first line of the head (``head``, when already found)."""
    start, end = head or head_span(text)
    line_end = text.find("\n", start, end)
    return start, end if line_end < 0 else line_end
