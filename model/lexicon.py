"""Find sector lexicon words in a text: where they stand and in what company.

One automaton (:class:`WordFinder`) holds every word and takes the longest, so
``新能源汽车`` counts for automotive rather than as ``新能源`` plus ``汽车``; phrases on
the ignore list (``健康发展``, ``营商环境``) are matched too and count for nothing, so
that their words do not fire.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, MatchKind

from .head import head_span

# Sentences that speak of investment: a sector named there is a sector invested in.
_CONTEXT = re.compile(r"项目|产业|企业|签约|投资|招商|落户|开工|园区|基地|集群|产业链|引进|生产线")
SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
# Within a clause: a project being built, a company, or industries named as a focus.
_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n，,、：:（）()“”\"]")
_ROLES = {
    "project": re.compile(r"项目|基地|产业园|工厂|生产线|厂房|一期|二期"),
    "company": re.compile(r"公司|集团|企业|股份|厂"),
    "focus": re.compile(r"产业|领域|行业|链|集群|重点|主导|首位"),
}


@dataclass(frozen=True)
class SectorHits:
    """The lexicon hits of one sector in one text."""

    counts: Counter  # word -> occurrences
    head: frozenset[str]  # words seen in the head
    in_context: int  # occurrences in sentences about investment
    in_clause: dict[str, int]  # occurrences in clauses naming a project, company or focus


@dataclass(frozen=True)
class Mention:
    """One lexicon word where it stands in a text."""

    word: str
    start: int
    sectors: list[str]  # the sectors whose lexicon holds the word
    in_head: bool  # in the headline or first paragraph (see head_span)
    about_investment: bool  # in a sentence about investment
    roles: tuple[str, ...]  # its clause names a project, a company or a focus


_NO_HITS = SectorHits(Counter(), frozenset(), 0, {r: 0 for r in _ROLES})  # shared: do not modify


def total_hits(hits: dict[str, SectorHits]) -> int:
    """How many lexicon words a scan found, over every sector."""
    return sum(sum(h.counts.values()) for h in hits.values())


class Lexicon:
    """Sector words (and phrases to ignore), matched longest first."""

    def __init__(self, terms: Mapping[str, Sequence[str]], ignore: Sequence[str] = (),
                 context: bool = True) -> None:
        """``context=False`` skips the sentence and clause cues (counts and head only)."""
        self.context = context
        self.terms = {sector: tuple(words) for sector, words in terms.items()}
        self.ignore = tuple(ignore)
        self._sectors_of: dict[str, list[str]] = {}
        for sector, words in self.terms.items():
            for w in words:
                self._sectors_of.setdefault(w, []).append(sector)
        self._finder = WordFinder({*self._sectors_of, *self.ignore})
        self._none = {s: _NO_HITS for s in self.terms}

    def mentions(self, text: str, head: tuple[int, int] | None = None) -> list[Mention]:
        """Every lexicon word in ``text``, left to right, with the company it keeps.

        ``head`` is the text's :func:`head_span`, when the caller has found it already.
        """
        found = [(word, start) for word, start, _ in self._finder.find(text)
                 if word in self._sectors_of]
        if not found:
            return []
        sentences = (_Segments(text, SENTENCE_BREAK, {"investment": _CONTEXT})
                     if self.context else None)
        clauses = _Segments(text, _CLAUSE_BREAK, _ROLES) if self.context else None
        head_start, head_end = head or head_span(text)
        return [
            Mention(
                word=word,
                start=start,
                sectors=self._sectors_of[word],
                in_head=head_start <= start < head_end,
                about_investment=sentences is not None and bool(sentences.holding(start)),
                roles=clauses.holding(start) if clauses is not None else (),
            )
            for word, start in found
        ]

    def tally(self, mentions: Sequence[Mention]) -> dict[str, SectorHits]:
        """The hits of every sector among ``mentions`` (one shared empty value where none)."""
        if not mentions:
            return dict(self._none)
        hits: dict[str, _Tally] = {}
        for m in mentions:
            for sector in m.sectors:
                tally = hits.get(sector) or hits.setdefault(sector, _Tally())
                tally.counts[m.word] += 1
                if m.in_head:
                    tally.head.add(m.word)
                tally.in_context += m.about_investment
                tally.in_clause.update(m.roles)
        return {s: hits[s].freeze() if s in hits else _NO_HITS for s in self.terms}

    def scan(self, text: str, head: tuple[int, int] | None = None) -> dict[str, SectorHits]:
        """Return the hits of every sector in ``text`` (``head``: as for :meth:`mentions`)."""
        return self.tally(self.mentions(text, head))


class _Tally:
    """The hits of one sector while a scan counts them."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.head: set[str] = set()
        self.in_context = 0
        self.in_clause: Counter = Counter()

    def freeze(self) -> SectorHits:
        return SectorHits(self.counts, frozenset(self.head), self.in_context,
                          {r: self.in_clause[r] for r in _ROLES})


class WordFinder:
    """Finds words in a text: the leftmost first, and the longest of those starting there.

    An Aho-Corasick automaton (ahocorasick_rs), which reads the text once, however
    many words there are: much faster than Python's regex engine, which tries every
    word's first character at every position.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._automaton = AhoCorasick(self.words, matchkind=MatchKind.LeftmostLongest)

    def __reduce__(self) -> tuple[type[WordFinder], tuple[list[str]]]:
        return WordFinder, (self.words,)  # the automaton itself cannot be pickled

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of each match, left to right, none overlapping."""
        words = self.words
        return [(words[i], start, end)
                for i, start, end in self._automaton.find_matches_as_indexes(text)]


class _Segments:
    """The sentences (or clauses) of a text, and which of some patterns each one holds.

    A segment's ends are searched for from the position asked about, in the text and
    in the text reversed: a text has a few lexicon words but many clause breaks, so
    listing every break first would cost more than the look-ups. The last segment
    found is kept, so that asking left to right reads the text once.
    """

    def __init__(self, text: str, breaks: re.Pattern[str],
                 patterns: Mapping[str, re.Pattern[str]]) -> None:
        self.text = text
        self._reversed = text[::-1]
        self.breaks = breaks
        self.patterns = patterns
        self._start = self._end = 0  # the last segment found (none yet) ...
        self._names: tuple[str, ...] = ()  # ... and the names of its patterns

    def holding(self, position: int) -> tuple[str, ...]:
        """The names of the patterns found in the segment that holds ``position``, in order.

        The segment runs from after the last break at or before ``position`` to the
        first break after it.
        """
        if not self._start <= position < self._end:
            n = len(self.text)
            before = self.breaks.search(self._reversed, n - 1 - position)
            after = self.breaks.search(self.text, position + 1)
            self._start = n - before.start() if before else 0
            self._end = after.start() if after else n
            self._names = tuple(name for name, pattern in self.patterns.items()
                                if pattern.search(self.text, self._start, self._end))
        return self._names
