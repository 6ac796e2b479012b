"""invest-tag: tag Chinese investment-attraction news with type, sectors and amounts.

>>> import invest_tag
>>> model = invest_tag.load()          # the shipped model
>>> model.predict("...")["type"]
"""

from invest_tag.model.artifact import ModelError
from invest_tag.model.normalise import Normalised, normalise
from invest_tag.model.predictor import Model, load

__version__ = "0.3.15"


def train(*args, **kwargs):
    """Train a model from labelled JSONL; see :func:`invest_tag.training.fit.train`."""
    from invest_tag.training.fit import train as _train

    return _train(*args, **kwargs)


def evaluate(*args, **kwargs):
    """Evaluate a model on labelled JSONL; see :func:`invest_tag.training.evaluate.evaluate`."""
    from invest_tag.training.evaluate import evaluate as _evaluate

    return _evaluate(*args, **kwargs)


__all__ = ["Model", "ModelError", "Normalised", "evaluate", "load", "normalise", "train",
           "__version__"]
