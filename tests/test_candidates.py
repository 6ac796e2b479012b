"""The candidate rules: spans, kinds, values, currencies and qualifiers."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from invest_tag.model.candidates import (
    _alone,
    _amount_matches,
    _kind_of,
    _last_unit,
    _pattern,
    find_candidates,
)
from invest_tag.model.tables import amount_tables

from conftest import chinese_numeral

# text -> (span, unit kind, value, value_max, currency, qualifier)
CASES = [
    ("到位资金148.3亿元,增长21.5%", [("148.3亿元", "money", 14_830_000_000, None, "CNY", "none"),
                                 ("21.5%", "percent", 21.5, None, "", "none")]),
    ("实际利用外资2亿美元", [("2亿美元", "money", 200_000_000, None, "USD", "none")]),
    ("投资5000万港币", [("5000万港币", "money", 50_000_000, None, "HKD", "none")]),
    ("总投资一百二十亿元", [("一百二十亿元", "money", 12_000_000_000, None, "CNY", "none")]),
    ("签约20多亿元", [("20多亿元", "money", 2_000_000_000, None, "CNY", "at_least")]),
    ("投资7亿多元", [("7亿多元", "money", 700_000_000, None, "CNY", "at_least")]),
    ("投资3.88亿,建设厂房", [("3.88亿", "bare", 388_000_000, None, "CNY", "none")]),
    ("亿元以上项目28个", [("亿元", "money", 100_000_000, None, "CNY", "at_least"),
                     ("28个", "count", 28, None, "", "none")]),
    ("打造百亿级产业集群", [("百亿", "bare", 10_000_000_000, None, "CNY", "at_least")]),
    ("投资5-10亿元", [("5-10亿元", "money", 500_000_000, 1_000_000_000, "CNY", "none")]),
    ("投资5亿至10亿元", [("5亿至10亿元", "money", 500_000_000, 1_000_000_000, "CNY", "none")]),
    ("增长14%到15%", [("14%到15%", "percent", 14, 15, "", "none")]),
    ("增长百分之十五", [("百分之十五", "percent", 15, None, "", "none")]),
    ("提高1.5个百分点", [("1.5个百分点", "percent", 1.5, None, "", "none")]),
    ("增长两成", [("两成", "percent", 20, None, "", "none")]),
    ("下降-2.5%", [("-2.5%", "percent", -2.5, None, "", "none")]),
    ("企业1.2万余家", [("1.2万余家", "count", 12_000, None, "", "at_least")]),
    ("其中6个", [("6个", "count", 6, None, "", "none")]),
    ("签约项目84项", [("84项", "count", 84, None, "", "none")]),
    ("总投资约18亿元", [("18亿元", "money", 1_800_000_000, None, "CNY", "approx")]),
    ("超过100亿元", [("100亿元", "money", 10_000_000_000, None, "CNY", "at_least")]),
    ("投资10亿元左右", [("10亿元", "money", 1_000_000_000, None, "CNY", "approx")]),
    # A per-unit or 人民币 between the span and its qualifier: as short as lets one follow.
    ("产值达到8000元/㎡以上", [("8000元", "money", 8000, None, "CNY", "at_least")]),
    ("均价在45元/公斤左右", [("45元", "money", 45, None, "CNY", "approx")]),
    ("补贴10万元/年以上", [("10万元", "money", 100_000, None, "CNY", "at_least")]),
    ("投资10亿元人民币以上", [("10亿元", "money", 1_000_000_000, None, "CNY", "at_least")]),
    ("票房突破了7000万元", [("7000万元", "money", 70_000_000, None, "CNY", "at_least")]),
    ("约占70%", [("70%", "percent", 70, None, "", "approx")]),
    ("不到5000万元", [("5000万元", "money", 50_000_000, None, "CNY", "at_most")]),
    ("现场签约5个项目", [("5个", "count", 5, None, "", "none")]),  # 签约 is not 约
    ("数万亿元", [("数万亿元", "money", 1_000_000_000_000, None, "CNY", "at_least")]),
    ("投资100个亿", [("100个亿", "bare", 10_000_000_000, None, "CNY", "none")]),
    ("1,115.2 亿元", [("1,115.2 亿元", "money", 111_520_000_000, None, "CNY", "none")]),
    ("两千五百万元", [("两千五百万元", "money", 25_000_000, None, "CNY", "none")]),
    ("50个亿元以上项目", [("50个", "count", 50, None, "", "none"),
                      ("亿元", "money", 100_000_000, None, "CNY", "at_least")]),
    # Ranges: the low end takes the magnitude words it lacks from the high end only when
    # that brings the ends together; neighbouring numerals are a range; low end first.
    ("投资5-10亿", [("5-10亿", "bare", 500_000_000, 1_000_000_000, "CNY", "none")]),
    ("产值5到6个亿", [("5到6个亿", "bare", 500_000_000, 600_000_000, "CNY", "none")]),
    ("出资3000元至2万元", [("3000元至2万元", "money", 3000, 20_000, "CNY", "none")]),
    ("出资3000至2万元", [("3000至2万元", "money", 3000, 20_000, "CNY", "none")]),
    ("罚款三万元至十万元", [("三万元至十万元", "money", 30_000, 100_000, "CNY", "none")]),
    ("投资十至二十亿元", [("十至二十亿元", "money", 1_000_000_000, 2_000_000_000, "CNY",
                       "none")]),
    ("投资三千至五千万元", [("三千至五千万元", "money", 30_000_000, 50_000_000, "CNY", "none")]),
    ("市场规模4万至6万亿元", [("4万至6万亿元", "money", 4e12, 6e12, "CNY", "none")]),
    ("规模四万至六万亿元", [("四万至六万亿元", "money", 4e12, 6e12, "CNY", "none")]),
    ("投资3千至5千万元", [("3千至5千万元", "money", 30_000_000, 50_000_000, "CNY", "none")]),
    ("补贴5百-8万元", [("5百-8万元", "money", 500, 80_000, "CNY", "none")]),
    ("从6850到6550万", [("6850到6550万", "bare", 65_500_000, 68_500_000, "CNY", "none")]),
    ("价格从几千元到几百元不等", [("几千元到几百元", "money", 100, 1000, "CNY", "at_least")]),
    ("收入三四十万元", [("三四十万元", "money", 300_000, 400_000, "CNY", "none")]),
    ("投资一两亿元", [("一两亿元", "money", 100_000_000, 200_000_000, "CNY", "none")]),
    ("六万到六万五千株", [("六万", "bare", 60_000, None, "CNY", "none"),
                      ("六万五千", "bare", 65_000, None, "CNY", "none")]),
    ("投资三点五亿元", [("三点五亿元", "money", 350_000_000, None, "CNY", "none")]),
    ("增长百分之十二点七", [("百分之十二点七", "percent", 12.7, None, "", "none")]),
    # 成 with a tenth after it; not a numeral that starts a word of its own.
    ("增长两成半", [("两成半", "percent", 25, None, "", "none")]),
    ("占三成五的份额", [("三成五", "percent", 35, None, "", "none")]),
    ("三成五年内还清", [("三成", "percent", 30, None, "", "none")]),
    # Qualifiers a few words away, in a list, and in brackets.
    ("至少投资6亿元", [("6亿元", "money", 600_000_000, None, "CNY", "at_least")]),
    ("最高可获得100万元奖励", [("100万元", "money", 1_000_000, None, "CNY", "at_most")]),
    ("以不到全国1%的面积", [("1%", "percent", 1, None, "", "at_most")]),
    ("不到两年投资5亿元", [("5亿元", "money", 500_000_000, None, "CNY", "none")]),
    ("增速高于全国2.2个百分点", [("2.2个百分点", "percent", 2.2, None, "", "none")]),
    ("最高直降500元或以上", [("500元", "money", 500, None, "CNY", "at_least")]),
    ("1亿元(含)以上", [("1亿元", "money", 100_000_000, None, "CNY", "at_least")]),
    ("5000万元或以下", [("5000万元", "money", 50_000_000, None, "CNY", "at_most")]),
    ("投资1500亿元(人民币)以上", [("1500亿元", "money", 150_000_000_000, None, "CNY",
                               "at_least")]),
    ("引资金额从未突破400亿元", [("400亿元", "money", 40_000_000_000, None, "CNY", "at_most")]),
    ("金价跌破400元", [("400元", "money", 400, None, "CNY", "at_most")]),
    ("投资额≥5亿元", [("5亿元", "money", 500_000_000, None, "CNY", "at_least")]),
    ("招引1亿元、3亿元、5亿元以上项目", [("1亿元", "money", 100_000_000, None, "CNY", "at_least"),
                                ("3亿元", "money", 300_000_000, None, "CNY", "at_least"),
                                ("5亿元", "money", 500_000_000, None, "CNY", "at_least")]),
    ("不超过3000元、5000元和1万元", [("3000元", "money", 3000, None, "CNY", "at_most"),
                                ("5000元", "money", 5000, None, "CNY", "at_most"),
                                ("1万元", "money", 10_000, None, "CNY", "at_most")]),
    ("突破400亿、500亿元", [("400亿", "bare", 40_000_000_000, None, "CNY", "at_least"),
                         ("500亿元", "money", 50_000_000_000, None, "CNY", "at_least")]),
    ("分别增长10%和15%以上", [("10%", "percent", 10, None, "", "none"),
                         ("15%", "percent", 15, None, "", "at_least")]),
    ("分别不超过3000元和5000元", [("3000元", "money", 3000, None, "CNY", "at_most"),
                             ("5000元", "money", 5000, None, "CNY", "at_most")]),
    ("企业110多家、4家整车厂", [("110多家", "count", 110, None, "", "at_least"),
                          ("4家", "count", 4, None, "", "none")]),
    ("今晚八点零六分,一点一点干", []),
    ("2013年10月17日,电话0391-6633", []),
    ("with 348 projects and 227.32 billion yuan", [
        ("348 projects", "count", 348, None, "", "none"),
        ("227.32 billion yuan", "money", 227_320_000_000, None, "CNY", "none")]),
    ("exceeding 1 billion yuan; Over 100 projects; approximately 1.5 billion yuan; up to "
     "5 percent; a turnover 2 billion yuan", [
        ("1 billion yuan", "money", 1_000_000_000, None, "CNY", "at_least"),
        ("100 projects", "count", 100, None, "", "at_least"),
        ("1.5 billion yuan", "money", 1_500_000_000, None, "CNY", "approx"),
        ("5 percent", "percent", 5, None, "", "at_most"),
        ("2 billion yuan", "money", 2_000_000_000, None, "CNY", "none")]),
    ("adding 7.1 percentage points", [("7.1 percentage points", "percent", 7.1, None, "", "none")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_candidates(text: str, expected: list[tuple]) -> None:
    got = [(c.text, c.unit_kind, c.value, c.value_max, c.currency, c.qualifier)
           for c in find_candidates(text)]
    assert got == expected


NUMBER_CHARS = list("0123456789.,%-~至到亿万千百十一二两三点个家项元美多余约超 ")


@given(st.text(alphabet=st.sampled_from(NUMBER_CHARS), max_size=40) | st.text(max_size=40))
def test_candidates_of_any_text_are_well_formed(text: str) -> None:
    previous_end = 0
    for c in find_candidates(text):
        assert previous_end <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        assert c.unit_kind in {"money", "percent", "count", "bare"}
        assert c.value_max is None or c.value <= c.value_max  # a range's low end first
        previous_end = c.end


@given(st.lists(st.sampled_from([*NUMBER_CHARS, "负", "零", "数", "成", "年", "百分之", "万亿",
                                 "分", "批", "起", "人民币", "港元", "‰"]),
                max_size=30).map("".join) | st.text(max_size=40))
def test_the_quick_scan_finds_what_the_full_scan_finds_less_the_numbers_alone(text: str) -> None:
    spans = [m.span() for m in _amount_matches(text)]
    assert spans == [m.span() for m in _pattern().finditer(text) if not _alone(m)]


@given(st.lists(st.sampled_from([*NUMBER_CHARS, "百分之", "万亿", "人民币", "港元", "‰", "成"]),
                max_size=30).map("".join))
def test_a_match_s_unit_is_its_last_group(text: str) -> None:
    for m in _pattern().finditer(text):
        if m["per"] is None:
            prefix = "single_" if m["single"] is not None else ""
            assert _last_unit(m) == _kind_of(m.groupdict(), prefix)


@given(st.integers(min_value=1, max_value=10**12))
def test_money_in_chinese_numerals_reads_as_its_value(n: int) -> None:
    words = chinese_numeral(n)
    found = find_candidates(f"投资{words}元,")
    assert [(c.text, c.value, c.value_max) for c in found] == [(words + "元", n, None)]


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999),
       st.sampled_from([("万", 10**4), ("亿", 10**8)]), st.sampled_from(["-", "至", "到", "~"]),
       st.booleans(), st.booleans())
def test_a_range_gives_its_ends_low_first(a: int, b: int, magnitude, dash: str,
                                          low_says_magnitude: bool, unit: bool) -> None:
    """5亿-10亿元, 5-10亿元, 10亿-5亿 (written high to low): the same range, low end first."""
    assume(low_says_magnitude or a <= b)  # 100-1万 may be 100 to 1万 or 1万 to 100万
    word, factor = magnitude
    first = f"{a}{word}" if low_says_magnitude else str(a)
    found = find_candidates(f"投资{first}{dash}{b}{word}{'元' * unit},")
    assert [(c.value, c.value_max) for c in found] == [(min(a, b) * factor, max(a, b) * factor)]


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999),
       st.sampled_from([("万", "万亿", 10**12), ("千", "千万", 10**7)]),
       st.sampled_from(["-", "至", "到", "~"]))
def test_a_range_low_end_takes_the_magnitude_words_that_the_high_end_adds(
        a: int, b: int, magnitudes, dash: str) -> None:
    """4万至6万亿 is 4万亿 to 6万亿; 3千-5千万 is 3千万 to 5千万."""
    assume(a <= b)
    low_word, high_words, factor = magnitudes
    found = find_candidates(f"规模{a}{low_word}{dash}{b}{high_words}元,")
    assert [(c.value, c.value_max) for c in found] == [(a * factor, b * factor)]


def test_every_word_after_qualifies_past_a_unit_and_a_space() -> None:
    """投资10亿元(人民币)(含)以上: the longest unit before the longest word still counts."""
    missed = []
    for word, qualifier in amount_tables().after.items():
        for unit in ["", "人民币", "(人民币)", "(人民币,下同)", "(下同)", "/年", "/平方米"]:
            for space in ["", " "]:
                text = f"投资10亿元{unit}{space}{word},"
                if [c.qualifier for c in find_candidates(text)] != [qualifier]:
                    missed.append(text)
    assert missed == []


def test_every_word_before_qualifies_across_a_space() -> None:
    """约合人民币 10亿元: a space does not shorten the reach for the longest word."""
    missed = []
    for word, qualifier in amount_tables().before.items():
        for space in ["", " "]:
            text = f",{word}{space}10亿元,"
            if [c.qualifier for c in find_candidates(text)] != [qualifier]:
                missed.append(text)
    assert missed == []
