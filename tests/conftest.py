"""Shared fixtures: a small synthetic labelled corpus written for these tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

PLACES = ["甲市", "乙县", "丙区", "丁州", "戊城", "己镇", "庚县", "辛市", "壬区", "癸县"]
SECTOR_WORDS = {
    "electronics": "集成电路", "equipment": "数控机床", "automotive": "新能源汽车",
    "energy": "光伏", "materials": "铝合金", "chemicals": "精细化工", "biomed": "生物医药",
    "agrifood": "食品加工", "logistics": "冷链物流", "tourism": "文化旅游",
    "realestate": "城市综合体", "finance": "融资租赁", "eco": "节能环保",
    "light_industry": "纺织服装",
}
TEMPLATES = {
    "results": "{p}招商引资成效显著\n{p}今年前三季度招商引资到位资金{n}亿元，同比增长12%，"
               "新签约{a}、{b}项目{n}个，实际利用外资增长。",
    "plan": "{p}印发招商引资三年行动方案\n方案提出，力争引进{a}和{b}项目，力争到位资金{n}亿元，"
            "要求各部门压实责任，出台扶持办法。",
    "signing": "{p}{a}项目签约仪式举行\n总投资{n}亿元的{a}项目和{b}项目正式签约落户{p}，"
               "项目建成后年产值可观。",
    "event": "{p}在深圳举办{a}产业招商推介会\n推介会上，{p}向客商推介{a}和{b}产业，"
             "洽谈会现场气氛热烈。",
    "visit": "{p}党政代表团赴上海考察{a}企业\n代表团乘高铁抵达后走访{a}和{b}企业，"
             "就投资合作进行洽谈对接。",
    "meeting": "{p}召开招商引资工作推进会\n会议部署下一阶段{a}和{b}项目招商工作，"
               "调度重点项目进度。",
    "environment": "{p}持续优化营商环境\n{p}推行一网通办和全程代办，"
                   "为{a}和{b}企业提供审批服务保障。",
    "other": "{p}足球队赢得联赛冠军\n{p}足球队在决赛中以3比1获胜，数万名球迷在体育场欢呼庆祝，"
             "门票收入{n}万元。",
}


# The amounts the templates hold, with their money roles by type.
AMOUNT = re.compile(r"(?P<money>\d+[亿万]元)|(?P<percent>\d+%)|(?P<count>\d+个)")
MONEY_ROLE = {"results": "actual", "plan": "target", "signing": "investment", "other": "other"}


def _amounts(text: str, doc_type: str) -> list[dict]:
    amounts = []
    for m in AMOUNT.finditer(text):
        kind = m.lastgroup
        number = float(re.match(r"\d+", m.group()).group())
        value = number * (1e8 if "亿" in m.group() else 1e4) if kind == "money" else number
        amounts.append({
            "start": m.start(), "end": m.end(), "text": m.group(), "kind": kind,
            "value": value, "value_max": None, "currency": "CNY" if kind == "money" else "",
            "qualifier": "none", "role": MONEY_ROLE[doc_type] if kind == "money" else "",
        })
    return amounts


def synthetic_docs() -> list[dict]:
    """80 short labelled documents: ten of each type, two sectors on each relevant one."""
    sectors = list(SECTOR_WORDS)
    docs, k = [], 0
    for doc_type, template in TEMPLATES.items():
        for i, place in enumerate(PLACES):
            a, b = sectors[k % 14], sectors[(k + 5) % 14]
            k += 1
            relevant = doc_type != "other"
            text = template.format(p=place, a=SECTOR_WORDS[a], b=SECTOR_WORDS[b], n=10 + i)
            docs.append({
                "id": f"{doc_type}-{i}", "text": text, "relevant": relevant, "type": doc_type,
                "sectors": sorted({a, b}) if relevant else [],
                "amounts": _amounts(text, doc_type),
            })
    return docs


@pytest.fixture(scope="session")
def labelled_file(tmp_path_factory) -> Path:
    """The synthetic corpus as a labelled JSONL file."""
    path = tmp_path_factory.mktemp("data") / "labelled.jsonl"
    write_jsonl(path, synthetic_docs())
    return path


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write ``rows`` to ``path`` as UTF-8 JSONL, one object a line."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


@pytest.fixture(scope="session")
def small_model(labelled_file, tmp_path_factory) -> Path:
    """A model trained on the synthetic corpus (seconds, not minutes)."""
    from invest_tag.training.fit import train

    return train(labelled_file, tmp_path_factory.mktemp("models") / "small")


def corpus_file(name: str) -> Path:
    """A file of the shared corpus; skips the test where the corpus is not beside the project."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"needs the shared corpus ({path}); it is in CI, not in the package")
    return path


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """``n`` (below 10**16) in Chinese numerals as written in prose: 10005 → 一万零五."""
    if n == 0:
        return "零"
    out, zero_pending = "", False
    for unit, size in (("亿", 10**8), ("万", 10**4), ("", 1)):
        section, n = divmod(n, size) if size > 1 else (n, 0)
        if section == 0:
            zero_pending = bool(out)
            continue
        if unit == "亿" and section >= 10**4:  # 万亿
            out += chinese_numeral(section) + unit
            continue
        if out and (zero_pending or section < 1000):
            out += "零"
        zero_pending = False
        for place, power in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            digit, section = divmod(section, power)
            if digit:
                out += CHINESE_DIGITS[digit] + place
            elif out and section and not out.endswith("零"):
                out += "零"
        out = out.rstrip("零") + unit
    return out
