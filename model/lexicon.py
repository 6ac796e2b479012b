"""Find sector lexicon words in a text: where they stand and in what company.

One regular expression holds every word, longest first, so ``新能源汽车`` counts for
automotive rather than as ``新能源`` plus ``汽车``; phrases on the ignore list
(``健康发展``, ``营商环境``) are matched too and count for nothing, so that their
words do not fire.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .head import HEAD_CHARS

# Sentences that speak of investment: a sector named there is a sector invested in.
_CONTEXT = re.compile(r"项目|产业|企业|签约|投资|招商|落户|开工|园区|基地|集群|产业链|引进|生产线")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
# Within a clause: a project being built, a company, or industries named as a focus.
_CLAUSE = re.compile(r"[^，,、：:（）()“”\"]+")
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


class Lexicon:
    """Sector words (and phrases to ignore), matched longest first."""

    def __init__(self, terms: Mapping[str, Sequence[str]], ignore: Sequence[str] = ()) -> None:
        self.terms = {sector: tuple(words) for sector, words in terms.items()}
        self.ignore = tuple(ignore)
        self._sectors_of: dict[str, list[str]] = {}
        for sector, words in self.terms.items():
            for w in words:
                self._sectors_of.setdefault(w, []).append(sector)
        alternatives = sorted({*self._sectors_of, *self.ignore}, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, alternatives)))

    def scan(self, text: str) -> dict[str, SectorHits]:
        """Return the hits of every sector in ``text``."""
        counts: dict[str, Counter] = {s: Counter() for s in self.terms}
        head: dict[str, set[str]] = {s: set() for s in self.terms}
        context: Counter = Counter()
        clause_hits: dict[str, Counter] = {s: Counter() for s in self.terms}
        for sentence in _SENTENCE.finditer(text):
            about_investment = _CONTEXT.search(sentence.group()) is not None
            for clause in _CLAUSE.finditer(sentence.group()):
                roles = [r for r, pattern in _ROLES.items() if pattern.search(clause.group())]
                for m in self._pattern.finditer(clause.group()):
                    word = m.group()
                    where = sentence.start() + clause.start() + m.start()
                    for sector in self._sectors_of.get(word, ()):
                        counts[sector][word] += 1
                        if where < HEAD_CHARS:
                            head[sector].add(word)
                        if about_investment:
                            context[sector] += 1
                        clause_hits[sector].update(roles)
        return {
            s: SectorHits(counts[s], frozenset(head[s]), context[s],
                          {r: clause_hits[s][r] for r in _ROLES})
            for s in self.terms
        }
