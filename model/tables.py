"""The amount tables of ``data/amounts.toml``, read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_toml


@dataclass(frozen=True)
class AmountTables:
    """Numerals, magnitudes, currencies, units and qualifier words."""

    numerals: dict[str, int]
    magnitudes: dict[str, int]
    currencies: dict[str, str]
    percent_units: tuple[str, ...]
    count_units: tuple[str, ...]
    before: dict[str, str]  # word before a span -> qualifier, longest words first
    after: dict[str, str]  # word after a span -> qualifier, longest words first
    far_before: dict[str, str]  # word that qualifies a span a few words on -> qualifier
    role_cues: dict[str, tuple[str, ...]]  # role -> words that hint at it
    english: dict  # magnitudes, currencies, percent and count units of English pages


def _longest_first(by_kind: dict[str, list[str]]) -> dict[str, str]:
    pairs = [(w, kind) for kind, words in by_kind.items() for w in words]
    return dict(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


@lru_cache(maxsize=1)
def amount_tables() -> AmountTables:
    """Read ``invest_tag/data/amounts.toml``."""
    raw = read_toml("amounts.toml")
    q = raw["qualifiers"]
    return AmountTables(
        numerals=raw["numerals"],
        magnitudes=raw["magnitudes"],
        currencies=raw["currencies"],
        percent_units=tuple(raw["units"]["percent"]),
        count_units=tuple(raw["units"]["count"]),
        before=_longest_first(q["before"]),
        after=_longest_first(q["after"]),
        far_before=_longest_first(q["far_before"]),
        role_cues={role: tuple(words) for role, words in raw["role_cues"].items()},
        english=raw["english"],
    )
