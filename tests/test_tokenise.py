"""The tokeniser: domain words, offsets into the text, and rjieba loaded without its default."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.tokenise import Tokeniser

TOKENISER = Tokeniser()


def test_domain_words_stay_whole() -> None:
    tokens = TOKENISER.words("全市招商引资到位资金增长，签约仪式在产业园举行").tokens
    assert {"招商引资", "到位资金", "签约仪式", "产业园"} <= set(tokens)


@given(st.text(alphabet="招商引资项目签约 \n\t亿元12.5%ab", max_size=60))
def test_words_point_into_the_text_and_drop_whitespace(text: str) -> None:
    words = TOKENISER.words(text)
    assert all(text[s:s + len(t)] == t for t, s in zip(words.tokens, words.starts))
    assert not any(t.isspace() for t in words.tokens)
    assert "".join(words.tokens) == "".join(text.split())


def test_rjieba_still_imports_after_the_tokeniser_loaded_it() -> None:
    """The tokeniser skips rjieba's default instance; a later ``import rjieba`` still works."""
    code = ("from invest_tag.model.tokenise import Tokeniser\n"
            "print(Tokeniser().words('签约仪式').tokens)\n"
            "import sys; assert 'rjieba' not in sys.modules\n"
            "import rjieba\n"
            "print(rjieba.cut('签约仪式'), type(Tokeniser()._tokenizer()) is rjieba.Jieba)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["['签约仪式']", "['签约', '仪式'] True"]
