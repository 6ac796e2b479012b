"""Finding the head of a crawled article behind page furniture."""

from __future__ import annotations

from invest_tag.model.head import HEAD_CHARS, head_span, title_span

PAGE = ("当前位置:首页 > 新闻 > 正文\n2023-10-14 来源:某某日报 编辑:张三\n"
        "某市举行重大项目集中签约仪式\n3月12日,某市举行重大项目集中签约仪式,共签约项目8个。")


def test_head_skips_page_furniture() -> None:
    start, end = head_span(PAGE)
    assert PAGE[start:].startswith("某市举行重大项目集中签约仪式")
    assert PAGE[start:end].endswith("共签约项目8个。")


def test_head_is_bounded() -> None:
    text = "招商引资工作取得新进展" * 100
    assert head_span(text) == (0, HEAD_CHARS)


def test_text_without_prose_falls_back_to_its_start() -> None:
    assert head_span("首页\n2023\nabc") == (0, len("首页\n2023\nabc"))
    assert head_span("") == (0, 0)


def test_title_is_the_first_line_of_the_head() -> None:
    start, end = title_span(PAGE)
    assert PAGE[start:end] == "某市举行重大项目集中签约仪式"
    one_line = "某市举行重大项目集中签约仪式,共签约项目8个。"
    assert title_span(one_line) == head_span(one_line)
