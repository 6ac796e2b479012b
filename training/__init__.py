"""Training and evaluation: read labelled data, fit the models, measure them."""
