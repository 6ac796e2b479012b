"""Rules that propose amount candidates in normalised text and read their values.

Every numeric expression that could be an amount becomes a :class:`Candidate`:
a number (Arabic, Chinese or mixed, with magnitude words, 多/余 and 数/几), an
optional range partner, and a unit that suggests its kind (a currency: money;
``%``, ``个百分点``, ``成``: percent; a measure word: count; 万/亿 with no unit:
perhaps money). The rules do not decide; the learned model does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from .numbers import POINT, parse_number
from .tables import AmountTables, amount_tables

_ARABIC = r"(?:[0-9]{1,3}(?:[, ][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_RANGE_WORDS = "-~—–至到"
_RANGE = f"[{_RANGE_WORDS}]"
_MORE = "多余"  # inside a span: at least
_SEVERAL = "数几"  # read as one, at least
KINDS = ("money", "percent", "count")  # the amount kinds of the spec
# Skipped when looking for a qualifier after a span: 10亿元人民币以上, 40元/公斤左右,
# 1500亿元(人民币,下同)以上 ("the same below"). A per-unit is as short as lets a
# qualifier follow: 8000元/㎡以上 is /㎡ and 以上.
_AFTER_UNIT = r"(?:\(?人民币\)?|\((?:人民币)?[,、·‧]?下同\)|/[^\s,.;:，。；：0-9]{1,3}?)"
# How many characters may stand between a span and a word before it that qualifies
# it from afar (``far_before`` in amounts.toml: 至少投资6亿元, 以不到全国1%的面积):
# Chinese characters that are not numerals (不到两年投资5亿元 is not at most).
GAP = 4
# Amounts listed together share a qualifier that stands before the first or after the
# last: 超过3000元、5000元和1万元; 招引1亿元、3亿元、5亿元以上.
_LIST_JOINS = frozenset("、和及与或")
# After 分别 (respectively), only the word before: 分别不超过3000元、5000元和1万元 are
# all at most, but in 分别压缩50%、40%和20%以上 only the last is at least.
_RESPECTIVELY = re.compile("分别[^,，。;；]*\\Z")
_MONEY_LIKE = {"bare": "money"}  # 突破400亿、500亿元: a bare number lists with money
# 两成半 is 25%, 三成五 35%: a tenth after 成 (a numeral that does not start a number).
_TENTHS = re.compile("半|[一二三四五六七八九]"
                     "(?![零〇一二两三四五六七八九十百千万亿年月日个家项成%])")
# Two neighbouring numerals read as a range, with the magnitude words after them:
# 三四元 is 3 to 4, 一两亿 1亿 to 2亿, 二三十万 20万 to 30万.
_NEIGHBOURS = re.compile(r"([一两二三四五六七八九])([两二三四五六七八九])([十百千万亿]*)")


@dataclass(frozen=True)
class Candidate:
    """A possible amount: where it is in the normalised text and what it would be."""

    start: int
    end: int
    text: str
    unit_kind: str  # money, percent, count, or bare (万/亿 with no unit)
    unit: str
    value: float
    value_max: float | None
    currency: str
    qualifier: str


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _chinese_characters(t: AmountTables) -> str:
    """The characters a Chinese number is written with: numerals and magnitude words."""
    return "".join([*t.numerals, *t.magnitudes])


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    t = amount_tables()
    mag = "[" + "".join(t.magnitudes) + "]"
    digits = "".join(n for n in t.numerals if n not in _SEVERAL)
    # 三点五 is 3.5: Chinese numerals, and digits after a point.
    chinese = f"[{_chinese_characters(t)}]+(?:{POINT}[{digits}]+)?"
    number = (
        rf"(?:{_ARABIC}(?: ?[{_MORE}])?|{chinese})"
        rf"(?: ?个(?=多?亿(?!元?及?以上)))?"  # 100个亿 is money; 50个亿元以上项目 is not
        rf"(?: ?{mag}+)?"
        rf"(?:(?<=[亿万]){_ARABIC}{mag}+)?"  # 5亿5000万, 5万6千
        rf"(?:[{_MORE}]{mag}+)?"  # 二千八百多亿, 12万多亿
        rf"(?: ?[{_MORE}])?"
    )

    def unit(prefix: str) -> str:
        return (rf"(?P<{prefix}money>{_alternation(t.currencies)})"
                rf"|(?P<{prefix}percent>{_alternation(t.percent_units)})"
                rf"|(?P<{prefix}count>{_alternation(t.count_units)})")

    # A range needs a unit on its upper end (5-10亿元, 14%到15%), or to end in 万 or 亿
    # as a bare number does (投资5-10亿; not cut short: 六万到六万五千); else it is a
    # single number.
    return re.compile(
        rf"(?P<sign>[-负](?=[0-9]))?(?:"
        rf"(?P<low>{number})(?: ?(?:{unit('low_')}))? ?{_RANGE} ?(?P<high>{number})"
        rf"(?: ?(?:{unit('')})|(?<=[万亿])(?![0-9{_chinese_characters(t)}]))"
        rf"|百分之(?P<per>{_ARABIC}|{chinese})"
        rf"|(?P<single>{number})(?: ?(?:{unit('single_')}))?)"
    )


@lru_cache(maxsize=1)
def _first_characters() -> re.Pattern[str]:
    """The characters an amount can start with: a sign, a digit or a Chinese numeral."""
    return re.compile("[" + re.escape("-负.0123456789" + _chinese_characters(amount_tables()))
                      + "]")


@lru_cache(maxsize=1)
def _lone_number() -> re.Pattern[str]:
    """Digits, or Chinese numerals without 万 or 亿, that nothing after them can extend.

    Where this matches, ``_pattern()`` would match the same characters as a number
    alone, with no unit, range or magnitude: the 2024 of 2024年, the 一 of 一起.
    The characters that could extend a number are its own, 百分之's 分, and the
    first character of every unit, range word and magnitude word.
    """
    t = amount_tables()
    units = [*t.currencies, *t.percent_units, *t.count_units]
    extend = {*"0123456789., 个分", *POINT, *_MORE, *_SEVERAL, *_RANGE_WORDS,
              *_chinese_characters(t), *(u[0] for u in units)}
    numerals = "".join(ch for ch in _chinese_characters(t) if ch not in "万亿")
    return re.compile(rf"(?:[0-9]+|[{re.escape(numerals)}]+)"
                      rf"(?![{re.escape(''.join(sorted(extend)))}])")


def _alone(m: re.Match[str]) -> bool:
    """Whether a match is a number alone without 万 or 亿: not a candidate (2024年)."""
    return m.lastgroup == "single" and "万" not in m.group() and "亿" not in m.group()


def _amount_matches(text: str) -> Iterator[re.Match[str]]:
    """What ``_pattern().finditer(text)`` yields, less the numbers alone (:func:`_alone`).

    Only where an amount can start is the pattern tried, and not where a number
    that nothing extends starts (:func:`_lone_number`): most characters of an
    article cannot start a number, and most numbers are dates. Skipping both makes
    the scan several times faster than letting the regex engine try every position.
    """
    pattern, lone, end = _pattern(), _lone_number(), 0
    for first in _first_characters().finditer(text):
        at = first.start()
        if at < end:
            continue
        if skip := lone.match(text, at):
            end = skip.end()
        elif m := pattern.match(text, at):
            end = m.end()
            if not _alone(m):
                yield m


@lru_cache(maxsize=1)
def _english_pattern() -> re.Pattern[str]:
    e = amount_tables().english
    return re.compile(
        rf"(?<![\w.])(?P<number>{_ARABIC})(?: (?P<magnitude>{_alternation(e['magnitudes'])}))?"
        rf" (?:(?P<money>{_alternation(e['currencies'])})|(?P<percent>{_alternation(e['percent'])})"
        rf"|(?P<count>{_alternation(e['count'])}))\b"
    )


@lru_cache(maxsize=1)
def _english_qualifier_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """The English qualifier word (over, approximately) that ends the text before a span,
    and the qualifier of each word, lower-cased."""
    before = amount_tables().english["before"]
    return (re.compile(rf"\b(?P<word>{_alternation(before)}) \Z", re.IGNORECASE),
            {w.lower(): q for w, q in before.items()})


def _english_candidates(text: str, t: AmountTables) -> list[Candidate]:
    """Amounts written in English: 227.32 billion yuan, 348 projects, over 1 billion yuan."""
    found = []
    qualifier_word, qualifier_of = _english_qualifier_words()
    for m in _english_pattern().finditer(text):
        before = qualifier_word.search(text, max(0, m.start() - 20), m.start())
        kind = next(k for k in KINDS if m.group(k))
        value = float(m.group("number").replace(",", "").replace(" ", ""))
        if m.group("magnitude"):
            value *= t.english["magnitudes"][m.group("magnitude")]
        currency = t.english["currencies"][m.group("money")] if kind == "money" else ""
        qualifier = qualifier_of[before["word"].lower()] if before else "none"
        found.append(Candidate(m.start(), m.end(), m.group(), kind, m.group(kind), value, None,
                               currency, qualifier))
    return found


class _QualifierWords(NamedTuple):
    before: re.Pattern[str]  # the longest qualifier word ending the text before a span
    after: re.Pattern[str]  # ... starting the text after it, past a unit (``_AFTER_UNIT``)
    far: re.Pattern[str]  # a word that qualifies from afar, at most ``GAP`` characters before
    before_reach: int  # how far back a word right before can start: the longest one
    far_reach: int  # ... and a word from afar: ``GAP`` and the longest one


@lru_cache(maxsize=1)
def _qualifier_words() -> _QualifierWords:
    t = amount_tables()
    gap = f"(?:(?![{_chinese_characters(t)}{_SEVERAL}])[\\u4e00-\\u9fff])"
    return _QualifierWords(
        before=re.compile(f"(?:{_alternation(t.before)})\\Z"),
        after=re.compile(f" *(?:{_AFTER_UNIT} *)?(?P<word>{_alternation(t.after)})"),
        far=re.compile(f"(?P<word>{_alternation(t.far_before)}){gap}{{1,{GAP}}}\\Z"),
        before_reach=max(map(len, t.before)),
        far_reach=GAP + max(map(len, t.far_before)))


def _word_before(text: str, start: int, t: AmountTables) -> str | None:
    """The qualifier of the word right before ``start`` ("none": a word that is not
    one, such as 签约), or None if there is no such word."""
    words = _qualifier_words()
    stop = start  # spaces between the word and the span do not count against its reach
    while stop > 0 and text[stop - 1] == " ":
        stop -= 1
    before = words.before.search(text, max(0, stop - words.before_reach), stop)
    return t.before[before.group()] if before else None


def _word_after(text: str, end: int, t: AmountTables) -> str | None:
    """The qualifier of the word right after ``end``, or None if there is none.

    The match is anchored at ``end`` and reads only spaces, a unit that may stand
    between (``_AFTER_UNIT``) and the word, so it needs no window."""
    after = _qualifier_words().after.match(text, end)
    return t.after[after["word"]] if after else None


def _qualifier(text: str, start: int, end: int, span: str, t: AmountTables) -> str:
    """The qualifier nearest the number: inside the span, else the closer side.

    A word right before the span wins over one right after it; a word that
    qualifies from afar (至少, 最高: ``GAP``) counts only when neither side has one.
    """
    if any(ch in span for ch in _MORE + _SEVERAL):
        return "at_least"
    if (before := _word_before(text, start, t)) not in (None, "none"):
        return before
    if after := _word_after(text, end, t):
        return after
    words = _qualifier_words()
    if far := words.far.search(text, max(0, start - words.far_reach), start):
        return t.far_before[far["word"]]
    return "none"


def _share_qualifiers(text: str, found: list[Candidate], t: AmountTables) -> list[Candidate]:
    """Amounts listed together (``_LIST_JOINS``), all of one kind (money or bare
    numbers, percentages, counts), take the qualifier word right before the list's
    first or right after its last, when they have none of their own."""
    lists: list[list[int]] = [[0]]
    for i in range(1, len(found)):
        left, right = found[i - 1], found[i]
        joined = (right.start - left.end <= 3
                  and text[left.end:right.start].strip(" ") in _LIST_JOINS
                  and _MONEY_LIKE.get(left.unit_kind, left.unit_kind)
                  == _MONEY_LIKE.get(right.unit_kind, right.unit_kind))
        if joined:
            lists[-1].append(i)
        else:
            lists.append([i])
    shared = list(found)
    for run in (r for r in lists if len(r) > 1):
        first, last = found[run[0]], found[run[-1]]
        qualifier = _word_before(text, first.start, t)
        if qualifier in (None, "none"):
            respectively = _RESPECTIVELY.search(text, max(0, first.start - 8), first.start)
            qualifier = None if respectively else _word_after(text, last.end, t)
        if qualifier is None:
            continue
        for j in run:
            if found[j].qualifier == "none":
                shared[j] = replace(found[j], qualifier=qualifier)
    return shared


def _magnitude_words(number: str) -> str:
    """The magnitude words that end a number (``10亿`` → ``亿``), or "" if none.

    After Arabic digits, all of them (``5千万`` → ``千万``); after Chinese numerals, only
    the 万 and 亿 at its end, since 十, 百 and 千 belong to the numeral (``二十亿`` → ``亿``).
    """
    if re.search("[0-9]", number):
        words = re.sub(rf"{_ARABIC}|[{_MORE} 个]", "", number)
    else:
        words = re.search("[万亿]*$", number.rstrip(_MORE + " ")).group()
    return words if all(ch in amount_tables().magnitudes for ch in words) else ""


def _range_low(low_text: str, low: float, high_text: str, high: float) -> float:
    """The first end of a range whose magnitude the second end completes: 5-10亿 → 5亿.

    The high end's magnitude words must continue the low end's: none (5-10亿,
    三千至五千万), or more of them (4万至6万亿 is 4万亿 to 6万亿, 3千至5千万 is 3千万
    to 5千万); not 三万至十万, nor 5百-8万. And the low end takes the words it
    lacks only when that brings the two ends closer together: 3000至2万 is 3000
    to 20000, but 6850到6550万 is 6550万 to 6850万.
    """
    own, theirs = _magnitude_words(low_text), _magnitude_words(high_text)
    if theirs == own or not theirs.startswith(own) or min(low, high) <= 0:
        return low
    scaled = low * (parse_number(theirs[len(own):]) or 1.0)
    return scaled if abs(math.log(scaled / high)) < abs(math.log(low / high)) else low


def _kind_of(groups: dict, prefix: str) -> tuple[str, str]:
    """The kind and unit of the number whose groups start with ``prefix`` (bare: no unit)."""
    kind = next((k for k in KINDS if groups[prefix + k]), "bare")
    return kind, groups[prefix + kind] if kind != "bare" else ""


def _last_unit(m: re.Match[str]) -> tuple[str, str]:
    """The kind and unit of a match's last number: ``_kind_of``, read off its last group.

    A match's last group is its unit's (``single_money``, ``count``), if it has one.
    """
    kind = m.lastgroup.rpartition("_")[2]
    return (kind, m.group(m.lastgroup)) if kind in KINDS else ("bare", "")


def find_candidates(text: str) -> list[Candidate]:
    """All amount candidates in normalised ``text``, left to right."""
    t = amount_tables()
    found = []

    def add(start: int, end: int, kind: str, unit: str, value: float,
            value_max: float | None = None) -> None:
        if unit == "成":
            value *= 10
            value_max = value_max * 10 if value_max is not None else None
        elif unit == "‰":
            value /= 10
            value_max = value_max / 10 if value_max is not None else None
        span = text[start:end]
        found.append(Candidate(
            start=start, end=end, text=span, unit_kind=kind, unit=unit,
            value=value, value_max=value_max,
            currency=t.currencies.get(unit, "CNY" if kind == "bare" else ""),
            qualifier=_qualifier(text, start, end, span, t),
        ))

    for m in _amount_matches(text):
        g = m.groupdict()
        start = m.start() if not g["sign"] else m.start() + 1
        if g["per"] is not None:
            kind, unit, core = "percent", "百分之", g["per"]
        else:
            kind, unit = _last_unit(m)
            core = g["single"] if g["single"] is not None else g["high"]
        value = parse_number(core)
        if value is None:
            continue
        pair = _NEIGHBOURS.fullmatch(core.rstrip(_MORE))
        if g["low"] is None and pair and (parse_number(pair[2]) or 0) - (
                parse_number(pair[1]) or 0) == 1:
            add(start, m.end(), kind, unit, parse_number(pair[1] + pair[3]),
                parse_number(pair[2] + pair[3]))
            continue
        if g["low"] is None:
            end = m.end()
            if g["sign"] and kind == "percent":  # -2.5%, 负2.5%
                start, value = m.start(), -value
            elif unit == "成" and (tenths := _TENTHS.match(text, end)):
                tenth = 5 if tenths.group() == "半" else parse_number(tenths.group()) or 0
                end, value = tenths.end(), value + tenth / 10
            add(start, end, kind, unit, value)
            continue
        low = parse_number(g["low"])
        low_kind, low_unit = _kind_of(g, "low_")
        if low is None:
            continue
        if low_unit and low_kind != kind:  # 1%至3941.31美元: two amounts, not a range
            add(start, m.end("low_" + low_kind), low_kind, low_unit, low)
            add(m.start("high"), m.end(), kind, unit, value)
            continue
        if not low_unit:  # 5-10亿元; but 3000元至2万元 says what its low end is
            low = _range_low(g["low"], low, core, value)
        add(start, m.end(), kind, unit, *sorted((low, value)))  # 几千到几百元: low end first
    if re.search("[A-Za-z]", text):
        english = _english_candidates(text, t)
        found = [c for c in found if not any(e.start < c.end and c.start < e.end for e in english)]
        found = sorted(found + english, key=lambda c: c.start)
    return _share_qualifiers(text, found, t)
