"""Inference: normalise, tokenise, featurise, classify, load a saved model."""
