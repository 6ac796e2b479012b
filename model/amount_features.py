"""Context features of an amount candidate, as strings for a sparse linear model.

What the learned model sees of a candidate: its unit and value shape, the
characters just before and after it, character bigrams in a window on each
side, and the role cue words in its sentence, the nearest before it marked.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .candidates import Candidate
from .lexicon import trie_pattern
from .tables import amount_tables

LEFT, RIGHT = 12, 8  # window sizes, characters
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_UP_TO_SENTENCE_END = re.compile(r".*[。！？!?；;\n]", re.S)


@lru_cache(maxsize=1)
def _cue_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    cues = amount_tables().role_cues
    role_of = {w: role for role, words in cues.items() for w in words}
    return trie_pattern(set(role_of)), role_of


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    last_end = _UP_TO_SENTENCE_END.match(text, 0, start)  # greedy: the last end before start
    left = last_end.end() if last_end else 0
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _value_shape(c: Candidate) -> list[str]:
    v = abs(c.value)
    shape = [f"mag={int(math.log10(v)) if v >= 1 else -1}"]
    if c.value_max is not None:
        shape.append("range")
    if float(v).is_integer() and 1949 <= v <= 2100 and not c.unit:
        shape.append("yearlike")
    if re.search(r"\d", c.text) is None:
        shape.append("chinese_numeral")
    if re.fullmatch(r"[百千万亿十]+.*", c.text):
        shape.append("bare_magnitude")
    return shape


def candidate_features(text: str, c: Candidate) -> list[str]:
    """The features of candidate ``c`` in normalised ``text``."""
    left = text[max(0, c.start - LEFT):c.start]
    right = text[c.end:c.end + RIGHT]
    feats = [
        "bias",
        f"kind={c.unit_kind}",
        f"unit={c.unit}",
        f"qual={c.qualifier}",
        f"kind_qual={c.unit_kind}_{c.qualifier}",
        *_value_shape(c),
    ]
    for n in (1, 2, 3):
        feats.append(f"L{n}={left[-n:]}")
        feats.append(f"R{n}={right[:n]}")
    feats += [f"LB={left[i:i + 2]}" for i in range(len(left) - 1)]
    feats += [f"RB={right[i:i + 2]}" for i in range(len(right) - 1)]

    pattern, role_of = _cue_pattern()
    s_start, s_end = _sentence_bounds(text, c.start, c.end)
    before = list(pattern.finditer(text, s_start, c.start))
    after = list(pattern.finditer(text, c.end, s_end))
    feats += [f"CL={m.group()}" for m in before]
    feats += [f"CR={m.group()}" for m in after]
    if before:
        near = before[-1]
        feats.append(f"NEAR={near.group()}")
        feats.append(f"NEAR_ROLE={role_of[near.group()]}")
        feats.append(f"NEAR_ROLE_{c.unit_kind}={role_of[near.group()]}")
    if after:
        feats.append(f"NEXT={after[0].group()}")
        feats.append(f"NEXT_ROLE={role_of[after[0].group()]}")
    return feats
