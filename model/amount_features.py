"""Context features of an amount candidate, as strings for a sparse linear model.

What the learned model sees of a candidate: its unit and value shape, the
characters just before and after it, character bigrams in a window on each
side, and the role cue words in its sentence, the nearest before it marked.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .candidates import Candidate
from .lexicon import SENTENCE_BREAK, WordFinder
from .tables import amount_tables

LEFT, RIGHT = 12, 8  # window sizes, characters
# Role cues are looked for in the candidate's sentence, up to this far on each side:
# a page with no sentence ends (a table, a list) would else make every candidate
# look through the whole page (quadratic time). 99.9% of the corpus's candidates
# have their whole sentence within it.
CUE_REACH = 1000
_DIGIT = re.compile(r"\d")
_BARE_MAGNITUDE = re.compile(r"[百千万亿十]+.*")  # 百亿, 亿元: a magnitude with no number


@lru_cache(maxsize=1)
def _cue_finder() -> tuple[WordFinder, dict[str, str]]:
    cues = amount_tables().role_cues
    role_of = {w: role for role, words in cues.items() for w in words}
    return WordFinder(role_of), role_of


class TextContext:
    """A text's sentence ends and role cues, found once for all of its candidates."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.breaks = [m.start() for m in SENTENCE_BREAK.finditer(text)]
        found = _cue_finder()[0].find(text)
        self.cues = [word for word, _, _ in found]
        self.cue_starts = [start for _, start, _ in found]
        self.cue_ends = [end for _, _, end in found]  # sorted too: matches do not overlap

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Where the sentence holding ``text[start:end]`` begins and ends."""
        i = bisect_left(self.breaks, start)  # the breaks before start
        j = bisect_left(self.breaks, end)  # the first break at or after end
        return (self.breaks[i - 1] + 1 if i else 0,
                self.breaks[j] if j < len(self.breaks) else self.length)

    def cues_within(self, start: int, end: int) -> list[str]:
        """The role cues that lie wholly in ``text[start:end]``, left to right."""
        return self.cues[bisect_left(self.cue_starts, start):bisect_right(self.cue_ends, end)]


def _value_shape(c: Candidate) -> list[str]:
    v = abs(c.value)
    shape = [f"mag={int(math.log10(v)) if v >= 1 else -1}"]
    if c.value_max is not None:
        shape.append("range")
    if float(v).is_integer() and 1949 <= v <= 2100 and not c.unit:
        shape.append("yearlike")
    if _DIGIT.search(c.text) is None:
        shape.append("chinese_numeral")
    if _BARE_MAGNITUDE.fullmatch(c.text):
        shape.append("bare_magnitude")
    return shape


def candidate_features(text: str, c: Candidate, context: TextContext | None = None) -> list[str]:
    """The features of candidate ``c`` in normalised ``text``.

    ``context`` is the text's :class:`TextContext`, shared by its candidates.
    """
    context = context or TextContext(text)
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

    role_of = _cue_finder()[1]
    s_start, s_end = context.sentence(c.start, c.end)
    before = context.cues_within(max(s_start, c.start - CUE_REACH), c.start)
    after = context.cues_within(c.end, min(s_end, c.end + CUE_REACH))
    feats += [f"CL={cue}" for cue in before]
    feats += [f"CR={cue}" for cue in after]
    if before:
        feats.append(f"NEAR={before[-1]}")
        feats.append(f"NEAR_ROLE={role_of[before[-1]]}")
        feats.append(f"NEAR_ROLE_{c.unit_kind}={role_of[before[-1]]}")
    if after:
        feats.append(f"NEXT={after[0]}")
        feats.append(f"NEXT_ROLE={role_of[after[0]]}")
    return feats


def text_features(text: str, candidates: Sequence[Candidate]) -> Iterator[list[str]]:
    """The features of each of a text's candidates, one at a time (a page may hold many)."""
    if not candidates:
        return
    context = TextContext(text)
    for c in candidates:
        yield candidate_features(text, c, context)
