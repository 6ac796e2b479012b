"""The user-facing model: raw text in, prediction dict out."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .amounts import AmountTagger
from .artifact import default_model_dir, load_models
from .classify import DocumentClassifier
from .normalise import normalise
from .tokenise import Tokeniser


class Model:
    """A loaded invest-tag model. ``predict(text)`` tags one article."""

    def __init__(self, classifier: DocumentClassifier, tagger: AmountTagger,
                 meta: dict[str, Any]) -> None:
        self.classifier = classifier
        self.tagger = tagger
        self.meta = meta
        self.tokeniser = Tokeniser()

    def predict(self, text: str, explain: bool = False) -> dict[str, Any]:
        """Tag one article given as raw text; spans refer to ``text`` as given.

        With ``explain``, each amount carries the features that weighed most for
        its kind and role.
        """
        return self.predict_many([text], explain=explain)[0]

    def predict_many(self, texts: Iterable[str], explain: bool = False) -> list[dict[str, Any]]:
        """Tag several articles; the result list is in input order."""
        if isinstance(texts, str):  # would be tagged character by character
            raise TypeError("predict_many takes a list of texts, not one str: use predict(text)")
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"expected str, got {type(t).__name__}")
        norms = [normalise(t) for t in texts]
        words = [self.tokeniser.words(n.text) for n in norms]
        labels = self.classifier.classify_many([n.text for n in norms], words)
        amounts = self.tagger.tag_many(norms, explain=explain)
        return [
            {
                "type": lab.type,
                "type_scores": lab.type_scores,
                "relevant": lab.relevant,
                "sectors": lab.sectors,
                "sector_scores": lab.sector_scores,
                "amounts": found,
            }
            for lab, found in zip(labels, amounts)
        ]


MODEL_ENV = "INVEST_TAG_MODEL"


def resolve_model_dir(path: str | Path | None = None) -> Path:
    """The model directory to use: ``path``, else ``$INVEST_TAG_MODEL``, else the shipped one."""
    if path is not None:
        return Path(path)
    if os.environ.get(MODEL_ENV):
        return Path(os.environ[MODEL_ENV])
    return default_model_dir()


def load(path: str | Path | None = None) -> Model:
    """Load a model directory (see :func:`resolve_model_dir` for the default)."""
    return Model(*load_models(resolve_model_dir(path)))
