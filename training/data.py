"""Read labelled JSONL (spec/labels.md §3) and check each line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

REQUIRED = {"id": str, "text": str, "relevant": bool, "type": str, "sectors": list}


class DataError(Exception):
    """A labelled file cannot be read or a line breaks the format."""


def read_labelled(path: str | Path) -> list[dict[str, Any]]:
    """Return the documents of a labelled JSONL file, checking the required fields."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"labelled file not found: {path}")
    docs = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(f"{path}:{number}: not JSON ({err.msg})") from None
            if not isinstance(doc, dict):
                raise DataError(f"{path}:{number}: expected a JSON object")
            for key, kind in REQUIRED.items():
                if not isinstance(doc.get(key), kind):
                    raise DataError(
                        f"{path}:{number}: field {key!r} missing or not {kind.__name__}")
            docs.append(doc)
    if not docs:
        raise DataError(f"no documents in {path}")
    return docs


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, to identify the data a model was trained on."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
