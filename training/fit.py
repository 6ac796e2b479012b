"""Fit the document classifier with scikit-learn and export its weights.

Thresholds (relevance, and one for every sector together with the sector count
model) are chosen on out-of-fold predictions over the training data, never on the
dev file.
"""

from __future__ import annotations

import datetime as dt
import platform
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict

from invest_tag import __version__
from invest_tag.model.artifact import check_can_save, save
from invest_tag.model.classify import DocumentClassifier
from invest_tag.model.features import document_terms, sector_stack_features
from invest_tag.model.head import head_span
from invest_tag.model.lexicon import Lexicon, total_hits
from invest_tag.model.mentions import NO_MENTIONS
from invest_tag.model.normalise import Normalised, normalise
from invest_tag.model.sector_count import MAX_COUNT, SectorCount, count_features
from invest_tag.model.taxonomy import OTHER, Taxonomy, default_taxonomy
from invest_tag.model.tfidf import TfidfSpace
from invest_tag.model.tokenise import Tokeniser, Words

from .data import DataError, read_labelled, sha256
from .fit_amounts import candidate_recall, fit_amount_tagger
from .fit_mentions import fit_mention_model

SEED = 0
FOLDS = 5
TYPE_C = 10.0  # inverse regularisation of the type model
# How much more a rare type's documents weigh: scikit-learn's "balanced" weights raised
# to this power (1 is "balanced"; 5-fold CV on train: 0.5, 1, 1.25, 1.5, 1.75, 2 gave
# type accuracy 0.803, 0.816, 0.820, 0.824, 0.814, 0.803).
TYPE_WEIGHT_POWER = 1.5
SECTOR_C = 30.0  # of each sector's TF-IDF model
STACK_C = 1.0  # of each sector's second-stage model
COUNT_C = 10.0  # of the sector count model (5-fold CV on train, 0.3.2: C = 1 and 10 gave
# sector micro-F1 0.788 and 0.791, against 0.786 without the model)
THRESHOLD_GRID = np.round(np.arange(0.1, 0.91, 0.025), 3)


def _identity(terms: list[str]) -> list[str]:
    return terms


def class_weights(labels: Sequence[str], power: float) -> dict[str, float]:
    """scikit-learn's "balanced" class weights, ``n / (classes * n_class)``, to ``power``."""
    counts = Counter(labels)
    return {c: (len(labels) / (len(counts) * n)) ** power for c, n in counts.items()}


def pooled_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    """F1 of boolean predictions against boolean gold, every cell pooled (micro-F1)."""
    denom = float(np.sum(predicted) + np.sum(gold))
    return 2 * float(np.sum(predicted & gold)) / denom if denom else 0.0


def best_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The grid threshold with the best F1 of ``scores >= t`` against ``y_true``."""
    return _best_on_grid(lambda t: pooled_f1(scores >= t, y_true))


def _best_on_grid(f1_at: Callable[[float], float]) -> float:
    """The threshold of ``THRESHOLD_GRID`` where ``f1_at`` is highest (the lowest if tied)."""
    best, best_f1 = 0.5, -1.0
    for t in THRESHOLD_GRID:
        f1 = f1_at(float(t))
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def prepare(
    docs: Sequence[dict[str, Any]], tokeniser: Tokeniser
) -> tuple[list[Normalised], list[Words]]:
    """Labelled documents normalised (once, for every model), and their words."""
    norms = [normalise(d["text"]) for d in docs]
    return norms, [tokeniser.words(n.text) for n in norms]


def fit_classifier(
    texts: Sequence[str],
    words: Sequence[Words],
    types: Sequence[str],
    sectors: Sequence[Sequence[str]],
    taxonomy: Taxonomy,
) -> DocumentClassifier:
    """Fit type and sector models on normalised texts and return their weights.

    Raises ValueError when some type, or some sector, has no document to learn from.
    """
    _check_every_label_occurs(types, sectors, taxonomy)
    lexicon = Lexicon(taxonomy.sector_terms, taxonomy.ignore)
    heads = [head_span(t) for t in texts]
    mentions = [lexicon.mentions(t, h) for t, h in zip(texts, heads)]
    hits = [lexicon.tally(m) for m in mentions]
    all_hits = [total_hits(doc) for doc in hits]
    type_cues = Lexicon(taxonomy.type_cues, context=False)
    terms = [document_terms(t, w, h, type_cues.scan(t, head), head)
             for t, w, h, head in zip(texts, words, hits, heads)]
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
    X = vectoriser.fit_transform(terms)
    y_type = np.array(types)
    relevant = y_type != OTHER

    weight_of = class_weights(types, TYPE_WEIGHT_POWER)  # as sample weights: folds split them
    weights = np.array([weight_of[t] for t in types])
    type_model = LogisticRegression(C=TYPE_C, max_iter=5000)
    type_cv = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():  # a type with fewer documents than folds: see rare_types
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        type_oof = cross_val_predict(type_model, X, y_type, cv=type_cv, method="predict_proba",
                                     params={"sample_weight": weights})
    type_model.fit(X, y_type, sample_weight=weights)
    other = list(type_model.classes_).index(OTHER)
    relevance_threshold = best_threshold(relevant, 1.0 - type_oof[:, other])
    # Reorder the type model's rows to the taxonomy's order.
    order = [list(type_model.classes_).index(t) for t in taxonomy.types]

    folds = KFold(FOLDS, shuffle=True, random_state=SEED)
    sector_coef, sector_intercept = [], []
    stack_coef, stack_intercept = [], []
    sector_y, sector_oof = [], []  # per sector: gold and out-of-fold stack probabilities
    # Sector models learn from relevant documents only: the others carry no sectors
    # whatever industries they name, and prediction gives them none.
    rel_idx = np.flatnonzero(relevant)
    X_rel = X[rel_idx]
    mention_model, judged = fit_mention_model(
        [texts[i] for i in rel_idx], [mentions[i] for i in rel_idx],
        [sectors[i] for i in rel_idx], FOLDS)
    for sector in taxonomy.sectors:
        y = np.array([sector in sectors[i] for i in rel_idx])
        base = LogisticRegression(C=SECTOR_C, class_weight="balanced", max_iter=5000)
        base_oof = cross_val_predict(base, X_rel, y, cv=folds, method="predict_proba")[:, 1]
        base.fit(X_rel, y)
        sector_coef.append(base.coef_[0])
        sector_intercept.append(base.intercept_[0])
        S = np.array([
            sector_stack_features(lexicon.terms[sector], hits[i][sector], all_hits[i],
                                  summaries.get(sector, NO_MENTIONS), p)
            for i, summaries, p in zip(rel_idx, judged, base_oof)
        ])
        stack = LogisticRegression(C=STACK_C, max_iter=5000)
        stack_oof = cross_val_predict(stack, S, y, cv=folds, method="predict_proba")[:, 1]
        stack.fit(S, y)
        stack_coef.append(stack.coef_[0])
        stack_intercept.append(stack.intercept_[0])
        sector_y.append(y)
        sector_oof.append(stack_oof)
    threshold, sector_count = fit_sector_decision(
        np.column_stack(sector_oof), np.column_stack(sector_y), type_oof[rel_idx][:, order])
    thresholds = np.full(len(taxonomy.sectors), threshold)

    return DocumentClassifier(
        types=taxonomy.types,
        sectors=taxonomy.sectors,
        lexicon=lexicon,
        type_cues=type_cues,
        space=TfidfSpace(vectoriser.get_feature_names_out().tolist(), vectoriser.idf_),
        type_coef=type_model.coef_[order],
        type_intercept=type_model.intercept_[order],
        relevance_threshold=relevance_threshold,
        sector_coef=np.array(sector_coef),
        sector_intercept=np.array(sector_intercept),
        mention_model=mention_model,
        stack_coef=stack_coef,
        stack_intercept=np.array(stack_intercept),
        sector_thresholds=thresholds,
        sector_count=sector_count,
    )


def _check_every_label_occurs(types: Sequence[str], sectors: Sequence[Sequence[str]],
                              taxonomy: Taxonomy) -> None:
    """Raise ValueError naming the first type or sector of ``taxonomy`` that no document has."""
    seen_types, seen_sectors = set(types), set(chain.from_iterable(sectors))
    missing = [t for t in taxonomy.types if t not in seen_types]
    if missing:
        raise ValueError(f"no document of type {missing[0]!r}; every type needs some")
    missing = [s for s in taxonomy.sectors if s not in seen_sectors]
    if missing:
        raise ValueError(f"no document of sector {missing[0]!r}; every sector needs some")


def rare_types(types: Sequence[str], folds: int = FOLDS) -> list[tuple[str, int]]:
    """The types with fewer documents than ``folds``, with their counts, in name order.

    The stratified folds cannot give each held-out part one of them (scikit-learn warns),
    so the thresholds chosen out of fold see very few of that type.
    """
    return sorted((t, n) for t, n in Counter(types).items() if n < folds)


def fit_sector_decision(probabilities: np.ndarray, gold: np.ndarray,
                        type_probabilities: np.ndarray) -> tuple[float, SectorCount | None]:
    """One threshold for every sector, and the count model that caps what passes it.

    ``probabilities`` and the boolean ``gold`` are documents × sectors (out-of-fold),
    ``type_probabilities`` documents × types. One threshold serves every sector:
    micro-F1 is what sector quality is judged by, and a rare sector's own best
    threshold would be fitted to a handful of documents. Threshold and count model
    are chosen together: for each grid threshold, the count model's decisions
    cross-validated over these probabilities give a micro-F1, and the best wins. A
    lower threshold lets more sectors through for the count model to choose from.
    Without a count model (every document has as many sectors), the threshold with
    the best micro-F1 of the pooled probabilities.
    """
    counts = np.minimum(gold.sum(axis=1), MAX_COUNT)
    if len(np.unique(counts)) < 2:
        return best_threshold(gold.ravel(), probabilities.ravel()), None
    folds = list(KFold(FOLDS, shuffle=True, random_state=SEED).split(probabilities))

    def capped_f1(t: float) -> float:
        thresholds = np.full(probabilities.shape[1], t)
        kept = np.zeros_like(gold)
        for fit_rows, test_rows in folds:
            model = fit_sector_count(probabilities[fit_rows], counts[fit_rows], thresholds,
                                     type_probabilities[fit_rows])
            kept[test_rows] = (probabilities[test_rows] >= thresholds if model is None else
                               model.keep(probabilities[test_rows], thresholds,
                                          type_probabilities[test_rows]))
        return pooled_f1(kept, gold)

    best = _best_on_grid(capped_f1)
    thresholds = np.full(probabilities.shape[1], best)
    return best, fit_sector_count(probabilities, counts, thresholds, type_probabilities)


def count_estimator() -> LogisticRegression:
    """The sector count model, unfitted: solved to its optimum, not just near it.

    Its features are nearly collinear (the sum of the sorted probabilities is one of
    them, the type probabilities sum to one), so the optimum is flat in some
    directions. L-BFGS with its default tolerance stopped early there, at a point
    that rounding decided: inputs differing in their last bits, or another CPU's
    BLAS, moved weights by 0.06, and `train` did not reproduce the shipped model on
    an AMD machine. Newton steps with a tight tolerance reach the optimum itself.
    """
    return LogisticRegression(C=COUNT_C, solver="newton-cg", tol=1e-8, max_iter=5000)


def fit_sector_count(probabilities: np.ndarray, counts: np.ndarray, thresholds: np.ndarray,
                     type_probabilities: np.ndarray | None = None) -> SectorCount | None:
    """Fit the sector count model on sector probabilities (one row a document) and each
    document's number of sectors (capped at ``MAX_COUNT``); type probabilities if given.

    None when every document has the same number of sectors: nothing to learn.
    """
    if len(np.unique(counts)) < 2:
        return None
    model = count_estimator()
    model.fit(count_features(probabilities, thresholds, type_probabilities), counts)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one row of weights: the second class against the first
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.array([0.0, intercept[0]])
    n_types = 0 if type_probabilities is None else type_probabilities.shape[1]
    return SectorCount(coef, intercept, model.classes_, n_types)


def _versions() -> dict[str, str]:
    """The versions of Python, of this code (not of an editable install's older
    metadata) and of the libraries that shape the model."""
    names = ["scikit-learn", "numpy", "scipy", "rjieba", "opencc"]
    found = {"python": platform.python_version(), "invest-tag": __version__}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "unknown"
    return found


def train(
    train_path: str | Path,
    out_dir: str | Path,
    dev_path: str | Path | None = None,
    cross_validate: bool = False,
    report: Callable[[str], None] | None = None,
) -> Path:
    """Train the document classifier and amount tagger; save them to ``out_dir``.

    With ``dev_path`` the saved model card carries its dev metrics; with
    ``cross_validate`` also 5-fold cross-validated metrics on the training file.
    ``report`` is told each stage as it starts (training takes minutes).
    """
    say = report or (lambda _: None)
    from .crossval import cross_validated_metrics
    from .evaluate import evaluate_model

    train_path = Path(train_path)
    check_can_save(Path(out_dir))  # now, not after minutes of training
    docs = read_labelled(train_path)
    dev_docs = read_labelled(dev_path) if dev_path is not None else None
    taxonomy = default_taxonomy()
    types = [d["type"] for d in docs]
    sectors = [d["sectors"] for d in docs]
    try:
        _check_every_label_occurs(types, sectors, taxonomy)  # first: the error is then one line
        say(f"read {len(docs)} labelled documents from {train_path}"
            + (f" and {len(dev_docs)} from {dev_path}" if dev_docs is not None else ""))
        for doc_type, n in rare_types(types):
            say(f"note: type {doc_type!r} has only {n} document{'s' * (n > 1)}, fewer than "
                f"the {FOLDS} folds that choose the thresholds; its scores rest on little data")
        norms, words = prepare(docs, Tokeniser())
        texts = [n.text for n in norms]
        say("fitting the type and sector models")
        classifier = fit_classifier(texts, words, types, sectors, taxonomy)
        say("fitting the amount models")
        tagger = fit_amount_tagger(docs, norms)
    except ValueError as err:  # too few documents, classes or amounts to fit and fold
        raise DataError(f"cannot train on {train_path} ({len(docs)} documents): {err}") from None
    meta: dict[str, Any] = {
        "name": "invest-tag",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training": {"file": train_path.name, "docs": len(docs), "sha256": sha256(train_path),
                     "amounts": sum(len(d.get("amounts") or []) for d in docs),
                     "amount_candidate_recall": round(candidate_recall(docs, norms), 4)},
        "versions": _versions(),
    }
    if cross_validate:
        try:
            meta["cross_validation"] = cross_validated_metrics(docs, texts, words, taxonomy,
                                                               report=say)
        except ValueError as err:  # a fold too small to fit
            raise DataError(f"cannot cross-validate on {train_path} ({len(docs)} documents): "
                            f"{err}") from None
    out = save(classifier, tagger, meta, Path(out_dir))
    if dev_path is not None and dev_docs is not None:
        from invest_tag.model.predictor import load

        say(f"evaluating on {dev_path}")
        metrics = evaluate_model(load(out), dev_docs)
        meta["dev"] = {"file": Path(dev_path).name, "sha256": sha256(dev_path), **metrics}
        out = save(classifier, tagger, meta, Path(out_dir))
    return out
