"""The normaliser: pinyin glosses, traditional characters, full-width forms, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.normalise import _fold, _fold_table, normalise

CASES = [
    ("濟(jì)源市招商", "济源市招商"),
    ("項(xiàng)目(xiàng)", "项目"),  # a repeated gloss goes too
    ("半導體照明(LED)產業", "半导体照明(LED)产业"),  # acronyms in capitals stay
    ("到位資金148.3億元", "到位资金148.3亿元"),
    ("投资１２３亿元，增长５％", "投资123亿元,增长5%"),
    ("签约\u3000\u3000仪式", "签约 仪式"),
    ("  第一段  \r\n第二段\t\t结束  ", "第一段\n第二段 结束"),
    ("零\u200b宽", "零宽"),
    ("Hello (world)", "Hello (world)"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalised_text(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_span_maps_back_to_raw_text() -> None:
    raw = "濟(jì)源前三季度到位資(zī)金148.3億(yì)元"
    n = normalise(raw)
    start = n.text.index("148.3亿元")
    rs, re_ = n.raw_span(start, start + len("148.3亿元"))
    assert raw[rs:re_] == "148.3億(yì)元"
    rs, re_ = n.raw_span(0, 2)
    assert raw[rs:re_] == "濟(jì)源"


def test_raw_span_rejects_spans_outside_the_text() -> None:
    n = normalise("招商引资")
    with pytest.raises(ValueError):
        n.raw_span(2, 9)
    with pytest.raises(ValueError):
        n.raw_span(2, 2)


# Text drawn from what crawled pages hold: CJK, traditional forms, glosses, digits,
# full-width forms, spaces of every kind, line breaks and control characters.
crawled_text = st.text(
    alphabet=st.sampled_from(
        list("濟源資金億元项目招商引资(jìyuán)LED１２３４５，％ 　\t\r\n\u200b\x07a1.%")),
    max_size=80,
)
page_text = crawled_text | st.text(max_size=40)


@given(page_text)
def test_offset_map_is_ordered_and_inside_raw(raw: str) -> None:
    n = normalise(raw)
    assert len(n.starts) == len(n.ends) == len(n.text)
    previous_end = 0
    for s, e in zip(n.starts, n.ends):
        assert previous_end <= s < e <= len(raw)
        previous_end = e


@given(crawled_text)
def test_every_character_comes_from_its_raw_span(raw: str) -> None:
    n = normalise(raw)
    for i, ch in enumerate(n.text):
        source = raw[n.starts[i]:n.ends[i]]
        if ch.isspace():
            assert source.isspace()
        else:
            assert normalise(source).text == ch


@given(page_text)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise(raw).text
    assert normalise(once).text == once


FOLDABLE = "".join(chr(c) for c in [*range(0xFF01, 0xFF5F), *range(0x20), *range(0x7F, 0xA0)])


@given(st.text(alphabet=st.sampled_from(FOLDABLE + "\u3000\u00a0\u200b\ufeff招商 ,\n"),
               max_size=40))
def test_folding_one_character_at_a_time_equals_one_translation(text: str) -> None:
    assert _fold(text) == text.translate(_fold_table())


def test_no_folded_character_folds_again() -> None:
    """What :func:`_fold` relies on to replace characters in any order."""
    table = _fold_table()
    assert all(table.get(ord(out), out) == out for out in table.values())
