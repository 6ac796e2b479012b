"""Benchmark: invest-tag's money tagging against jionlp.extract_money on the dev file.

Money span F1 (overlapping spans), value accuracy on matched spans, and characters
per second of both, measured in the same run on the same texts.

    pip install '.[bench]'
    python bench/amounts_vs_jionlp.py [../shared/corpus/dev.jsonl] [--model DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jionlp

import invest_tag
from invest_tag.model.normalise import normalise
from invest_tag.training.data import read_labelled
from invest_tag.training.evaluate_amounts import amount_metrics

from shared_corpus import CORPUS

DEV = CORPUS / "dev.jsonl"
CURRENCY = {"元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
            "日元": "JPY", "英镑": "GBP", "澳元": "AUD"}


def jionlp_money(text: str) -> list[dict]:
    """jionlp's money mentions in the shape of invest-tag amounts."""
    out = []
    for m in jionlp.ner.extract_money(text, with_parsing=True):
        num = m["detail"]["num"]
        low, high = (num if isinstance(num, list) else (num, None))
        out.append({"start": m["offset"][0], "end": m["offset"][1], "kind": "money",
                    "value": float(low), "value_max": float(high) if high else None,
                    "currency": CURRENCY.get(m["detail"]["case"], m["detail"]["case"]),
                    "role": "", "qualifier": ""})  # jionlp gives neither
    return out


def timed(fn, texts: list[str]) -> tuple[list, float]:
    start = time.perf_counter()
    results = [fn(t) for t in texts]
    return results, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEV))
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    docs = read_labelled(args.data)
    texts = [d["text"] for d in docs]
    chars = sum(map(len, texts))
    model = invest_tag.load(args.model)
    jionlp_money(texts[0])  # load jionlp's lazy resources outside the timing
    model.tagger.tag(normalise(texts[0]))

    ours, ours_s = timed(lambda t: [a for a in model.tagger.tag(normalise(t))
                                    if a["kind"] == "money"], texts)
    theirs, theirs_s = timed(jionlp_money, texts)
    rows = [("invest-tag", amount_metrics(docs, ours)["money"], ours_s),
            ("jionlp.extract_money", amount_metrics(docs, theirs)["money"], theirs_s)]
    print(f"{len(docs)} documents, {chars} characters ({Path(args.data).name})\n")
    print("| tool | money span F1 | money value accuracy | chars/s |")
    print("|---|---|---|---|")
    for name, m, seconds in rows:
        rate = chars / seconds
        print(f"| {name} | {m['span_f1']:.3f} | {m['value_accuracy']:.3f} | {rate:,.0f} |")
    print(f"\nspeed ratio invest-tag / jionlp: {theirs_s / ours_s:.1f}x")


if __name__ == "__main__":
    main()
