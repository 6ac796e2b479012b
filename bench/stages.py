"""Benchmark: where prediction's time goes, stage by stage, against bare jieba.lcut.

Times each stage of ``Model.predict_many`` on the same texts (the first --docs of
../shared/corpus/unlabeled.jsonl), in the batches that ``invest-tag predict``
makes of them, each stage fed what the one before produced, and bare
``jieba.lcut`` on them too; best of --rounds, taken in turns. Prints
seconds per 1,000 documents and each stage's share of the time that the 3× target
(a third of jieba's) allows.

    python bench/stages.py [--docs 3000] [--rounds 3] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from itertools import accumulate, islice

import jieba

import invest_tag
from invest_tag.model.batch import BATCH, in_batches
from invest_tag.model.candidates import find_candidates
from invest_tag.model.head import head_span
from invest_tag.model.inputs import Document
from invest_tag.model.normalise import normalise

from shared_corpus import CORPUS

DATA = CORPUS / "unlabeled.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with open(args.data, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in islice(f, args.docs)]

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    model = invest_tag.load()
    model.predict("预热")
    norms = [normalise(t) for t in texts]
    plain = [n.text for n in norms]
    words = [model.tokeniser.words(t) for t in plain]
    heads = [head_span(t) for t in plain]
    classifier = model.classifier
    sizes = [len(b) for b in in_batches((Document(str(i), text=t) for i, t in enumerate(texts)),
                                      BATCH)]
    batches = [slice(end - n, end) for n, end in zip(sizes, accumulate(sizes))]

    def lexicon_scans() -> None:
        for text, head in zip(plain, heads):
            classifier.lexicon.mentions(text, head)
            classifier.type_cues.scan(text, head)

    stages: dict[str, Callable[[], object]] = {
        "bare jieba.lcut": lambda: [jieba.lcut(t) for t in texts],
        "normalise": lambda: [normalise(t) for t in texts],
        "segment (rjieba)": lambda: [model.tokeniser.words(t) for t in plain],
        "document labels, all": lambda: [classifier.classify_many(plain[b], words[b])
                                         for b in batches],
        "  of which the lexicon scans": lexicon_scans,
        "amounts, all": lambda: [model.tagger.tag_many(norms[b]) for b in batches],
        "  of which the candidate rules": lambda: [find_candidates(t) for t in plain],
        "predict_many, end to end": lambda: [model.predict_many(texts[b]) for b in batches],
    }
    best = {name: float("inf") for name in stages}
    for _ in range(args.rounds):
        for name, work in stages.items():
            start = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - start)

    per_k = 1000 / len(texts)
    budget = best["bare jieba.lcut"] / 3
    print(f"{len(texts)} documents; seconds per 1,000 documents, best of {args.rounds}\n")
    print("| stage | s / 1,000 docs | share of the 3× budget |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds * per_k:.3f} | {seconds / budget:.0%} |")
    print(f"\nratio jieba / predict_many: {best['bare jieba.lcut'] / best[list(stages)[-1]]:.2f}x; "
          f"the 3× budget is {budget * per_k:.3f} s per 1,000 documents")


if __name__ == "__main__":
    main()
