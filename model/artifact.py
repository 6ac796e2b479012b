"""Save and load a model directory: ``meta.json``, ``vocabulary.json``, ``weights.npz``.

``vocabulary.json`` holds the document TF-IDF vocabulary, the feature names of
the sector-mention and amount models, and the words that count only as parts of
terms (see :class:`~.features.TermLayout`); ``weights.npz`` every weight array and
the layout of the terms.

Only JSON and plain numeric arrays are read (``allow_pickle=False``): loading a model
never executes code from it. A model is written under a temporary name and renamed
into place, so a crash never leaves half a model behind.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .amounts import AmountTagger
from .classify import DocumentClassifier
from .features import TermLayout
from .lexicon import Lexicon
from .linear import LinearModel
from .sector_count import SectorCount
from .tfidf import TfidfSpace

FORMAT = "invest-tag-model"
FORMAT_VERSION = 3
FILES = ("meta.json", "vocabulary.json", "weights.npz")


class ModelError(Exception):
    """A model directory is missing, incomplete or corrupt."""


def default_model_dir() -> Path:
    """The shipped model inside the installed package."""
    return Path(str(resources.files("invest_tag.artifacts") / "default"))


def check_can_save(out_dir: Path) -> None:
    """Raise ModelError unless a model can be saved at ``out_dir`` without losing anything.

    ``out_dir`` must be new, empty, or a model directory (only the model's files),
    since saving replaces it; and its nearest existing ancestor a writable directory.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir()
                             or not {p.name for p in out_dir.iterdir()} <= set(FILES)):
        raise ModelError(f"{out_dir} exists and is not a model directory; a model is saved "
                         "only to a new or empty directory, or over another model")
    ancestor = out_dir.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir() or not os.access(ancestor, os.W_OK | os.X_OK):
        raise ModelError(f"cannot save a model to {out_dir}: {ancestor} is not a writable "
                         "directory")


def save(classifier: DocumentClassifier, tagger: AmountTagger, meta: dict[str, Any],
         out_dir: Path) -> Path:
    """Write the models and their model card ``meta`` to ``out_dir`` atomically.

    An earlier model there is replaced; anything else there is refused (see
    :func:`check_can_save`).
    """
    out_dir = Path(out_dir)
    check_can_save(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    c = classifier
    card = {
        **meta,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "labels": {"types": list(c.types), "sectors": list(c.sectors)},
        "lexicon": {"terms": {s: list(w) for s, w in c.lexicon.terms.items()},
                    "ignore": list(c.lexicon.ignore),
                    "type_cues": {t: list(w) for t, w in c.type_cues.terms.items()}},
        "thresholds": {
            "relevance": c.relevance_threshold,
            "sectors": dict(zip(c.sectors, map(float, c.sector_thresholds))),
        },
        "mention_classes": list(c.mention_model.classes),
        "amount_classes": {"kind": list(tagger.kind_model.classes),
                           "role": list(tagger.role_model.classes)},
    }
    (tmp / "meta.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    vocabulary = {"documents": c.space.vocabulary,
                  "sector_mentions": c.mention_model.features,
                  "amount_kind": tagger.kind_model.features,
                  "amount_role": tagger.role_model.features,
                  "term_others": c.term_layout.others}
    (tmp / "vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False),
                                         encoding="utf-8")
    arrays = {
        "idf": c.space.idf.astype(np.float32),
        "type_coef": c.type_coef.astype(np.float32),
        "type_intercept": c.type_intercept.astype(np.float32),
        "sector_coef": c.sector_coef.astype(np.float32),
        "sector_intercept": c.sector_intercept.astype(np.float32),
        "stack_intercept": c.stack_intercept.astype(np.float64),
        "mention_coef": c.mention_model.coef.astype(np.float32),
        "mention_intercept": c.mention_model.intercept.astype(np.float64),
        "amount_kind_coef": tagger.kind_model.coef.astype(np.float32),
        "amount_kind_intercept": tagger.kind_model.intercept.astype(np.float64),
        "amount_role_coef": tagger.role_model.coef.astype(np.float32),
        "amount_role_intercept": tagger.role_model.intercept.astype(np.float64),
    }
    arrays.update({f"stack_coef.{s}": w.astype(np.float64)
                   for s, w in zip(c.sectors, c.stack_coef)})
    arrays.update({f"term_layout.{name}": a.astype(np.int32)
                   for name, a in c.term_layout.arrays().items()})
    if c.sector_count is not None:
        arrays.update({"sector_count.coef": c.sector_count.coef.astype(np.float64),
                       "sector_count.intercept": c.sector_count.intercept.astype(np.float64),
                       "sector_count.counts": c.sector_count.counts.astype(np.int64),
                       "sector_count.n_types": np.array(c.sector_count.n_types, dtype=np.int64)})
    np.savez_compressed(tmp / "weights.npz", **arrays)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return out_dir


def read_meta(model_dir: Path) -> dict[str, Any]:
    """Read and check a model's ``meta.json``."""
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise ModelError(f"model directory not found: {model_dir}")
    missing = [f for f in FILES if not (model_dir / f).is_file()]
    if missing:
        raise ModelError(f"not a model directory ({', '.join(missing)} missing): {model_dir}")
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ModelError(f"corrupt meta.json in {model_dir}: {err}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{model_dir}/meta.json is not an invest-tag model card")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"unsupported model format version {meta.get('format_version')!r} "
                         f"in {model_dir} (this invest-tag reads {FORMAT_VERSION})")
    return meta


def load_models(model_dir: Path) -> tuple[DocumentClassifier, AmountTagger, dict[str, Any]]:
    """Load the document classifier, the amount tagger and the model card from ``model_dir``."""
    model_dir = Path(model_dir)
    meta = read_meta(model_dir)
    try:
        vocabulary = json.loads((model_dir / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(model_dir / "weights.npz", allow_pickle=False) as npz:
            w = {k: npz[k] for k in npz.files}
        types = tuple(meta["labels"]["types"])
        sectors = tuple(meta["labels"]["sectors"])
        thresholds = meta["thresholds"]
        classifier = DocumentClassifier(
            types=types,
            sectors=sectors,
            lexicon=Lexicon(meta["lexicon"]["terms"], meta["lexicon"]["ignore"]),
            type_cues=Lexicon(meta["lexicon"]["type_cues"], context=False),
            space=TfidfSpace(vocabulary["documents"], w["idf"]),
            type_coef=w["type_coef"],
            type_intercept=w["type_intercept"],
            relevance_threshold=float(thresholds["relevance"]),
            sector_coef=w["sector_coef"],
            sector_intercept=w["sector_intercept"],
            mention_model=LinearModel(meta["mention_classes"], vocabulary["sector_mentions"],
                                      w["mention_coef"], w["mention_intercept"]),
            stack_coef=[w[f"stack_coef.{s}"] for s in sectors],
            stack_intercept=w["stack_intercept"],
            sector_thresholds=np.array([thresholds["sectors"][s] for s in sectors]),
            term_layout=_term_layout(vocabulary, w),
            sector_count=_sector_count(w),
        )
        amount_classes = meta["amount_classes"]
        tagger = AmountTagger(
            kind_model=LinearModel(amount_classes["kind"], vocabulary["amount_kind"],
                                   w["amount_kind_coef"], w["amount_kind_intercept"]),
            role_model=LinearModel(amount_classes["role"], vocabulary["amount_role"],
                                   w["amount_role_coef"], w["amount_role_intercept"]),
        )
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile,
            json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ModelError(f"corrupt model in {model_dir}: {type(err).__name__}: {err}") from None
    v = len(vocabulary["documents"])
    shapes_ok = (
        classifier.type_coef.shape == (len(types), v)
        and classifier.sector_coef.shape == (len(sectors), v)
        and classifier.type_intercept.shape == (len(types),)
        and classifier.sector_intercept.shape == (len(sectors),)
        and classifier.stack_intercept.shape == (len(sectors),)
        and (classifier.sector_count is None
             or (classifier.sector_count.n_sectors == len(sectors)
                 and classifier.sector_count.n_types in (0, len(types))))
    )
    if not shapes_ok:
        raise ModelError(f"corrupt model in {model_dir}: weight shapes do not match labels")
    return classifier, tagger, meta


def _sector_count(weights: dict[str, np.ndarray]) -> SectorCount | None:
    """The stored sector count model; None for a model written without one (before 0.3.2)."""
    if "sector_count.coef" not in weights:
        return None
    n_types = weights.get("sector_count.n_types")  # since 0.3.3: type probabilities as features
    return SectorCount(weights["sector_count.coef"], weights["sector_count.intercept"],
                       weights["sector_count.counts"], 0 if n_types is None else int(n_types))


def _term_layout(vocabulary: dict[str, Any], weights: dict[str, np.ndarray]) -> TermLayout | None:
    """The stored layout of the vocabulary's terms; None for a model written without it.

    invest-tag 0.3.0 did not store it: such a model works it out at load, a little slower.
    """
    if "term_others" not in vocabulary:
        return None
    prefix = "term_layout."
    return TermLayout.from_arrays(vocabulary["term_others"], {
        k[len(prefix):]: a for k, a in weights.items() if k.startswith(prefix)})
