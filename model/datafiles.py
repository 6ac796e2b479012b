"""Read the data files shipped in ``invest_tag/data``."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """The text of a data file."""
    return (resources.files("invest_tag.data") / name).read_text(encoding="utf-8")


def read_toml(name: str) -> dict[str, Any]:
    """A TOML data file, parsed."""
    return tomllib.loads(read_text(name))
