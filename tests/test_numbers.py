"""Reading numbers: Arabic, Chinese, mixed, with separators and magnitude words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.numbers import parse_number

from conftest import CHINESE_DIGITS, chinese_numeral

CASES = [
    ("148.3亿", 14_830_000_000),
    ("3,000", 3000),
    ("3，000万", 30_000_000),
    ("1 115.2亿", 111_520_000_000),
    ("１２３", None),  # full-width digits are folded by the normaliser, not here
    ("一百二十", 120),
    ("两千五百万", 25_000_000),
    ("十八", 18),
    ("1.2万亿", 1_200_000_000_000),
    ("3千万", 30_000_000),
    ("100个亿", 10_000_000_000),
    ("20多亿", 2_000_000_000),
    ("7亿多", 700_000_000),
    ("1.2万余", 12_000),
    ("百亿", 10_000_000_000),
    ("万亿", 1_000_000_000_000),
    ("数十亿", 1_000_000_000),
    ("数万亿", 1_000_000_000_000),
    ("几十", 10),
    ("2亿3000万", 230_000_000),
    ("5万6千", 56_000),
    ("叁仟万", 30_000_000),
    ("二千八百多亿", 280_000_000_000),
    ("0.5", 0.5),
    ("三点五亿", 350_000_000),
    ("十六点五亿", 1_650_000_000),
    ("一百二十点五万", 1_205_000),
    ("十二点七", 12.7),
    ("零点零五", 0.05),
    ("一点二点三", None),
    ("3点5", None),
    ("零点零万", 0),
    ("", None),
    ("项目", None),
]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_integers_read_as_themselves(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("万", 10**4), ("亿", 10**8)]))
def test_magnitude_words_multiply(n: int, magnitude) -> None:
    word, factor = magnitude
    assert parse_number(f"{n}{word}") == n * factor


@given(st.text(max_size=30))
def test_any_text_gives_a_number_or_none(text: str) -> None:
    value = parse_number(text)
    assert value is None or value >= 0


@given(st.integers(min_value=0, max_value=10**13 - 1))
def test_chinese_numerals_read_as_their_value(n: int) -> None:
    assert parse_number(chinese_numeral(n)) == n


@given(st.integers(min_value=0, max_value=10**8 - 1), st.text("0123456789", min_size=1, max_size=4),
       st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8)]))
def test_chinese_decimals_read_as_their_value(whole: int, decimals: str, magnitude) -> None:
    word, factor = magnitude
    text = f"{chinese_numeral(whole)}点{''.join(CHINESE_DIGITS[int(d)] for d in decimals)}{word}"
    assert parse_number(text) == float(Decimal(f"{whole}.{decimals}") * factor)
