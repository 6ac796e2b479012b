"""Read labelled JSONL (spec/labels.md §3) and check each line against the label spec."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from invest_tag.model.amounts import KINDS, QUALIFIERS, ROLES
from invest_tag.model.taxonomy import OTHER, Taxonomy, default_taxonomy

REQUIRED = {"id": str, "text": str, "relevant": bool, "type": str, "sectors": list}
_CURRENCY = re.compile(r"[A-Z]{3}")


class DataError(Exception):
    """A labelled file cannot be read or a line breaks the format."""


def read_labelled(path: str | Path) -> list[dict[str, Any]]:
    """Return the documents of a labelled JSONL file, checking the required fields."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"labelled file not found: {path}")
    try:
        # A BOM is allowed; lines end at \n only (texts may hold U+2028 and the like).
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 (byte {err.start}); labelled files are UTF-8 "
                        "JSONL") from None
    except OSError as err:  # one error type for every problem with a labelled file
        raise DataError(f"cannot read {path}: {err.strerror}") from None
    docs = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as err:
            raise DataError(f"{path}:{number}: not JSON ({err.msg})") from None
        if not isinstance(doc, dict):
            raise DataError(f"{path}:{number}: expected a JSON object")
        problem = label_problem(doc, default_taxonomy())
        if problem:
            raise DataError(f"{path}:{number}: {problem}")
        docs.append(doc)
    if not docs:
        raise DataError(f"no documents in {path}")
    return docs


def label_problem(doc: dict[str, Any], taxonomy: Taxonomy) -> str | None:
    """What in ``doc`` breaks the label spec (fields, label sets, amounts), or None."""
    for key, kind in REQUIRED.items():
        if not isinstance(doc.get(key), kind):
            return f"field {key!r} missing or not {kind.__name__}"
    if doc["type"] not in taxonomy.types:
        return f"'type' must be one of {', '.join(taxonomy.types)}, not {doc['type']!r}"
    unknown = [s for s in doc["sectors"] if s not in taxonomy.sectors]
    if unknown:
        return f"'sectors' must come from {', '.join(taxonomy.sectors)}, not {unknown[0]!r}"
    if len(set(doc["sectors"])) != len(doc["sectors"]):
        return "'sectors' lists a sector twice"
    if doc["relevant"] != (doc["type"] != OTHER):
        return "'relevant' must be false exactly when 'type' is 'other'"
    if not doc["relevant"] and doc["sectors"]:
        return "'sectors' must be empty when 'relevant' is false"
    amounts = doc.get("amounts", [])
    if not isinstance(amounts, list):
        return "field 'amounts' must be a list"
    for i, amount in enumerate(amounts):
        problem = _amount_problem(doc["text"], amount)
        if problem:
            return f"amounts[{i}]: {problem}"
    return None


def _amount_problem(text: str, amount: Any) -> str | None:
    """What in one labelled amount breaks spec §2–3, or None."""
    if not isinstance(amount, dict):
        return "must be a JSON object"
    start, end = amount.get("start"), amount.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        return "'start' and 'end' must be offsets into 'text', start before end"
    if amount.get("text") != text[start:end]:
        return f"'text' must be text[{start}:{end}], {text[start:end]!r}"
    kind = amount.get("kind")
    if kind not in KINDS:
        return f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}"
    if not _is_number(amount.get("value")):
        return "'value' must be a number"
    if amount.get("value_max") is not None and not _is_number(amount["value_max"]):
        return "'value_max' must be null or a number"
    if amount.get("qualifier") not in QUALIFIERS:
        return f"'qualifier' must be one of {', '.join(QUALIFIERS)}"
    money = kind == "money"
    currency, role = amount.get("currency"), amount.get("role")
    if not (isinstance(currency, str) and bool(_CURRENCY.fullmatch(currency)) == money):
        return ("'currency' must be an ISO 4217 code" if money
                else f"'currency' must be \"\" for {kind}")
    if money and role not in ROLES:
        return f"'role' of money must be one of {', '.join(ROLES)}"
    if not money and role != "":
        return f"'role' must be \"\" for {kind}"
    return None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def sha256(path: str | Path) -> str:
    """SHA-256 of a file, to identify the data a model was trained on."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
