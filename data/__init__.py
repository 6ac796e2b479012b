"""Data files: taxonomy with sector lexicons, and the tokeniser's domain dictionary."""
