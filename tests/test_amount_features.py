"""Context features of amount candidates: role cues found once per text, within reach."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.amount_features import (
    CUE_REACH,
    TextContext,
    _cue_finder,
    candidate_features,
)
from invest_tag.model.candidates import find_candidates

_BREAK = re.compile(r"[。！？!?；;\n]")
FRAGMENTS = ["5亿元", "12个", "3.5%", "一百二十亿元", "到位资金", "签约", "总投资", "以上",
             "拟投资", "一期", "力争", "的", "市", "，", "。", "\n", "；", " ", "项目", "级"]


def reference_cues(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The cues of the candidate's sentence before and after it, each side scanned alone."""
    ends_before = [m.end() for m in _BREAK.finditer(text, 0, start)]
    following = _BREAK.search(text, end)
    s_start, s_end = (ends_before[-1] if ends_before else 0), (
        following.start() if following else len(text))
    words = sorted(_cue_finder()[1], key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)))  # longest first, as the finder
    return ([m.group() for m in pattern.finditer(text, s_start, start)],
            [m.group() for m in pattern.finditer(text, end, s_end)])


def cues_seen(feats: list[str]) -> tuple[list[str], list[str]]:
    return ([f[3:] for f in feats if f.startswith("CL=")],
            [f[3:] for f in feats if f.startswith("CR=")])


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_cues_found_once_per_text_are_those_of_each_sentence(text: str) -> None:
    context = TextContext(text)
    for c in find_candidates(text):
        assert cues_seen(candidate_features(text, c, context)) == reference_cues(
            text, c.start, c.end)


def test_cues_beyond_reach_in_a_sentence_without_end_are_not_looked_at() -> None:
    # A table run into one line: every candidate would else read the whole page.
    for gap, seen in [(CUE_REACH - 10, ["到位资金"]), (CUE_REACH + 10, [])]:
        text = "到位资金" + "的" * gap + "5亿元" + "的" * gap + "签约"
        (c,) = find_candidates(text)
        before, after = cues_seen(candidate_features(text, c))
        assert before == seen and after == (["签约"] if seen else [])
