"""Labelled files are checked against the label spec, line by line, before any use."""

from __future__ import annotations

import copy
import json

import pytest

from invest_tag.model.taxonomy import default_taxonomy
from invest_tag.training.data import DataError, label_problem, read_labelled

from conftest import write_jsonl

TEXT = "某市签约项目10个，总投资5亿元，增长12%。"
VALID = {
    "id": "a", "text": TEXT, "relevant": True, "type": "signing", "sectors": ["energy"],
    "amounts": [
        {"start": 6, "end": 9, "text": "10个", "kind": "count", "value": 10, "value_max": None,
         "currency": "", "qualifier": "none", "role": ""},
        {"start": 13, "end": 16, "text": "5亿元", "kind": "money", "value": 5e8,
         "value_max": None, "currency": "CNY", "qualifier": "none", "role": "contract"},
        {"start": 19, "end": 22, "text": "12%", "kind": "percent", "value": 12.0,
         "value_max": None, "currency": "", "qualifier": "none", "role": ""},
    ],
}


def changed(path: str, value) -> dict:
    """VALID with the field at ``path`` (keys and list indices, dotted) set to ``value``."""
    doc = copy.deepcopy(VALID)
    *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = doc
    for key in parents:
        node = node[key]
    node[last] = value
    return doc


def test_a_document_by_the_spec_passes() -> None:
    assert label_problem(VALID, default_taxonomy()) is None
    assert label_problem(changed("amounts", []), default_taxonomy()) is None
    other = {**changed("sectors", []), "relevant": False, "type": "other"}
    assert label_problem(other, default_taxonomy()) is None


@pytest.mark.parametrize(("path", "value", "says"), [
    ("type", "Signing", "'type' must be one of"),
    ("sectors", ["it"], "not 'it'"),
    ("sectors", ["energy", "energy"], "twice"),
    ("relevant", False, "'relevant' must be false exactly when"),
    ("type", "other", "'relevant' must be false exactly when"),
    ("amounts", "x", "'amounts' must be a list"),
    ("amounts.0", "x", "amounts[0]: must be a JSON object"),
    ("amounts.0.start", 7, "amounts[0]: 'text' must be text[7:9]"),
    ("amounts.0.end", 99, "amounts[0]: 'start' and 'end'"),
    ("amounts.0.start", "6", "amounts[0]: 'start' and 'end'"),
    ("amounts.1.kind", "number", "amounts[1]: 'kind' must be one of"),
    ("amounts.1.value", "5亿", "amounts[1]: 'value' must be a number"),
    ("amounts.1.value", True, "amounts[1]: 'value' must be a number"),
    ("amounts.1.value_max", "6亿", "amounts[1]: 'value_max'"),
    ("amounts.1.qualifier", "more", "amounts[1]: 'qualifier'"),
    ("amounts.1.currency", "元", "amounts[1]: 'currency' must be an ISO 4217 code"),
    ("amounts.1.role", "", "amounts[1]: 'role' of money"),
    ("amounts.0.role", "contract", "amounts[0]: 'role' must be \"\" for count"),
    ("amounts.2.currency", "CNY", "amounts[2]: 'currency' must be \"\" for percent"),
])
def test_each_break_of_the_spec_is_named(path: str, value, says: str) -> None:
    problem = label_problem(changed(path, value), default_taxonomy())
    assert problem is not None and says in problem


def test_a_document_out_of_relevance_has_no_sectors() -> None:
    doc = {**VALID, "relevant": False, "type": "other"}
    assert "'sectors' must be empty" in label_problem(doc, default_taxonomy())


def test_reading_names_the_file_and_line(tmp_path) -> None:
    path = tmp_path / "labels.jsonl"
    lines = [VALID, changed("amounts.1.role", "funds")]
    write_jsonl(path, lines)
    with pytest.raises(DataError, match=r"labels\.jsonl:2: amounts\[1\]: 'role'"):
        read_labelled(path)
    write_jsonl(path, [VALID])
    assert read_labelled(path) == [VALID]


def test_reading_takes_a_bom_crlf_and_line_separators_inside_texts(tmp_path) -> None:
    doc = {**VALID, "amounts": [], "text": "第一段\u2028第二段\x85完"}
    path = tmp_path / "labels.jsonl"
    line = json.dumps(doc, ensure_ascii=False)
    path.write_bytes(("\ufeff" + line + "\r\n" + line + "\r\n").encode("utf-8"))
    assert read_labelled(path) == [doc, doc]


def test_a_file_not_in_utf8_is_named(tmp_path) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes((json.dumps(VALID, ensure_ascii=False) + "\n").encode("gb18030"))
    with pytest.raises(DataError, match=r"gbk\.jsonl: not UTF-8"):
        read_labelled(path)


def test_a_file_that_cannot_be_read_is_named(tmp_path, monkeypatch) -> None:
    path = tmp_path / "locked.jsonl"
    write_jsonl(path, [VALID])

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_text", denied)
    with pytest.raises(DataError, match=r"cannot read .*locked\.jsonl: Permission denied"):
        read_labelled(path)
