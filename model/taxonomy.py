"""The label set: article types and sectors with their lexicons (``data/taxonomy.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_toml


@dataclass(frozen=True)
class Taxonomy:
    """Type codes, sector codes, their Chinese names, and each sector's lexicon terms."""

    types: tuple[str, ...]
    sectors: tuple[str, ...]
    names: dict[str, str]
    sector_terms: dict[str, tuple[str, ...]]
    ignore: tuple[str, ...]  # phrases whose lexicon words do not name an industry
    type_cues: dict[str, tuple[str, ...]]  # words that signal an article type


OTHER = "other"  # the type of documents that are not about investment


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """Read the taxonomy shipped in ``invest_tag/data``."""
    raw = read_toml("taxonomy.toml")
    sectors = raw["sectors"]
    return Taxonomy(
        types=tuple(raw["types"]),
        sectors=tuple(sectors),
        names={**raw["types"], **{code: s["name"] for code, s in sectors.items()}},
        sector_terms={code: tuple(s["terms"]) for code, s in sectors.items()},
        ignore=tuple(raw["lexicon"]["ignore"]),
        type_cues={t: tuple(words) for t, words in raw["type_cues"].items()},
    )
