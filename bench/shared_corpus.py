"""Where the benchmarks find the shared corpus: ``../shared/corpus`` beside the project."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
