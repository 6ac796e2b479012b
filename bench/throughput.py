"""Benchmark: batch tagging throughput, parallel speed-up, cold start and memory.

All figures come from one run on real crawled text (../shared/corpus/unlabeled.jsonl):
end-to-end predict throughput against bare jieba.lcut on the same texts (the first
--docs; best of three each), the wall time of `invest-tag predict one.txt`, and,
over the whole file as a user runs it, `invest-tag predict FILE --jobs 2` against
--jobs 1 and the peak RSS of the run; the same for a directory of HTML pages made
from the first --docs texts (a news-site template around each); then the peak RSS
of one page as large as `--max-bytes` lets through, and the time and peak RSS of a
page of figures (a table, tens of thousands of amounts) of that size against it.

    python bench/throughput.py [--docs 3000] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from itertools import islice
from pathlib import Path

import jieba

import invest_tag
from invest_tag.model.batch import tag_documents
from invest_tag.model.inputs import MAX_BYTES, Document

from shared_corpus import CORPUS

DATA = CORPUS / "unlabeled.jsonl"
CLI = str(Path(sys.executable).with_name("invest-tag"))
ROUNDS = 3  # jieba and predict are timed this many times each, in turns


def rate(seconds: float, docs: int, megabytes: float) -> str:
    return f"{docs / seconds:,.0f} docs/s, {megabytes / seconds:.2f} MB/s"


def cold_starts(text: str, runs: int = 5) -> list[float]:
    """Wall times of `invest-tag predict one.txt`, measured before anything else runs."""
    with tempfile.TemporaryDirectory() as tmp:
        one_txt = Path(tmp) / "one.txt"
        one_txt.write_text(text, encoding="utf-8")
        starts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([CLI, "predict", str(one_txt)], check=True, capture_output=True)
            starts.append(time.perf_counter() - t0)
    return starts


def peak_rss_mb(args: list[str]) -> float:
    """Peak RSS of one `invest-tag` run, read by a wrapper process that runs only it."""
    code = ("import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, CLI, *args], check=True,
                         capture_output=True, text=True)
    return int(out.stdout) / 1024


def html_page(text: str) -> str:
    """``text`` as the article of a news page: menu, related links, script and footer around."""
    menu = "".join(f'<li><a href="/c{i}.html">栏目{i}</a></li>' for i in range(60))
    related = "".join(f'<li><a href="/n{i}.html">相关新闻第{i}条</a></li>' for i in range(40))
    body = "".join(f"<p>{escape(p)}</p>" for p in text.splitlines() if p.strip())
    return (f'<html><head><meta charset="utf-8"><script>{"function f(){return 1;}" * 200}'
            f'</script></head><body><ul class="nav">{menu}</ul><div class="article">'
            f'<div class="content">{body}</div></div><ul class="side">{related}</ul>'
            "<div class=\"footer\">版权所有 ©2024 某某网</div></body></html>")


def timed_runs(inputs: str, tmp: str) -> dict[int, tuple[float, float, bytes]]:
    """`invest-tag predict INPUTS` with --jobs 1 and 2: seconds, peak RSS (MB), output."""
    runs = {}
    for jobs in (1, 2):
        out = Path(tmp) / f"jobs{jobs}.jsonl"
        start = time.perf_counter()
        rss = peak_rss_mb(["predict", inputs, "--output", str(out), "--jobs", str(jobs)])
        runs[jobs] = time.perf_counter() - start, rss, out.read_bytes()
    return runs


def largest_page(texts: list[str], limit: int = MAX_BYTES) -> str:
    """The texts joined, repeated as needed, into one page just under ``limit`` bytes."""
    page, size = [], 0
    while True:
        for t in texts:
            size += len(t.encode("utf-8")) + 1
            if size > limit:
                return "\n".join(page)
            page.append(t)


def table_page(limit: int = MAX_BYTES) -> str:
    """A page of figures just under ``limit`` bytes: a table's rows run into one line, with
    no sentence end, as a crawl often leaves a statistical page."""
    rows, size, i = [], 0, 0
    while True:
        row = (f"{i + 1}. 第{i % 12 + 1}批项目 签约{i % 9 + 2}个，总投资{i % 97 + 3}.5亿元，"
               f"到位资金{i % 41 + 1}亿元，同比增长{i % 30 + 1}.2%")
        size += len(row.encode("utf-8")) + 1
        if size > limit:
            return " ".join(rows)
        rows.append(row)
        i += 1


def timed_rss(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `invest-tag` run."""
    start = time.perf_counter()
    rss = peak_rss_mb(args)
    return time.perf_counter() - start, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--docs", type=int, default=3000)
    args = parser.parse_args()
    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in islice(f, args.docs)]
    texts = [r["text"] for r in rows]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} documents, {mb:.1f} MB of {Path(args.data).name}\n")

    starts = cold_starts(texts[0])

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    model = invest_tag.load()
    model.predict("预热")
    docs = [Document(str(i), text=t) for i, t in enumerate(texts)]

    def segment() -> None:
        for t in texts:
            jieba.lcut(t)

    def tag() -> None:
        for _ in tag_documents(docs, model):
            pass

    # Best of three, taken in turns, so that a busy moment of this shared machine
    # does not fall on one side only.
    times: dict[str, list[float]] = {"jieba": [], "ours": []}
    for _ in range(ROUNDS):
        for name, work in (("jieba", segment), ("ours", tag)):
            start = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - start)
    jieba_s, ours_s = min(times["jieba"]), min(times["ours"])

    with tempfile.TemporaryDirectory() as tmp:
        crawl = timed_runs(args.data, tmp)
        n_crawl = crawl[1][2].count(b"\n")
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i, t in enumerate(texts):
            (pages / f"{i:05d}.html").write_text(html_page(t), encoding="utf-8")
        html = timed_runs(str(pages), tmp)
        page, table = Path(tmp) / "page.txt", Path(tmp) / "table.txt"
        page.write_text(largest_page(texts), encoding="utf-8")
        table.write_text(table_page(), encoding="utf-8")
        page_s, page_mb = timed_rss(["predict", str(page), "--output", os.devnull])
        table_s, table_mb = timed_rss(["predict", str(table), "--output", os.devnull])
        page_size, table_size = page.stat().st_size / 1e6, table.stat().st_size / 1e6

    print("| measure | value |")
    print("|---|---|")
    print(f"| bare jieba.lcut | {rate(jieba_s, len(texts), mb)} |")
    print(f"| invest-tag predict, 1 process | {rate(ours_s, len(texts), mb)} |")
    print(f"| ratio predict / jieba.lcut | {jieba_s / ours_s:.2f}x (target >= 3x) |")
    print(f"| cold start `invest-tag predict one.txt` | {statistics.median(starts):.2f} s "
          f"(median of {len(starts)}; target <= 0.8 s) |")
    print(f"| `invest-tag predict` over the whole file ({n_crawl:,} docs), --jobs 1 | "
          f"{rate(crawl[1][0], n_crawl, Path(args.data).stat().st_size / 1e6)} |")
    print(f"| --jobs 2 vs --jobs 1 on it | {crawl[1][0] / crawl[2][0]:.2f}x speed-up, "
          f"same output: {crawl[1][2] == crawl[2][2]} |")
    print(f"| peak RSS of that run, --jobs 1 | {crawl[1][1]:.0f} MB (target <= 300 MB) |")
    print(f"| `invest-tag predict` over {len(texts):,} HTML pages, --jobs 1 | "
          f"{len(texts) / html[1][0]:,.0f} docs/s |")
    print(f"| --jobs 2 vs --jobs 1 on them | {html[1][0] / html[2][0]:.2f}x speed-up, "
          f"same output: {html[1][2] == html[2][2]} |")
    print(f"| peak RSS of one {page_size:.1f} MB page (--max-bytes {MAX_BYTES:,}) | "
          f"{page_mb:.0f} MB |")
    print(f"| one {table_size:.1f} MB page of figures (a table) vs that page | "
          f"{table_s / page_s:.1f}x the time, peak RSS {table_mb:.0f} MB |")


if __name__ == "__main__":
    main()
