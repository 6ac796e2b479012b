"""The shipped default model lives in ``default/``."""
