"""Read the value of a number written in Arabic digits, Chinese numerals or both.

``1.2万亿`` → 1.2e12, ``两千五百万`` → 2.5e7, ``20多亿`` → 2e9, ``百亿`` → 1e10,
``3,000`` → 3000, ``数十亿`` → 1e9 (数 reads as one), ``十六点五亿`` → 1.65e9.
Separators, spaces, 多, 余 and the 个 of ``100个亿`` are skipped; the caller reads
多 and 余 as a qualifier.
Arithmetic is decimal, so ``148.3亿`` is exactly 14830000000.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .tables import amount_tables

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+|.", re.S)
_GROUP_SEPARATOR = re.compile(r"(?<=[0-9])[,， ](?=[0-9]{3}(?![0-9]))")
_SKIP = set(" ,，多余个")
POINT = "点"  # the decimal point of Chinese numerals: 三点五亿 is 3.5亿
_WAN, _YI = Decimal(10_000), Decimal(100_000_000)


def parse_number(text: str) -> float | None:
    """The value of ``text``, or None when it is not a number."""
    tables = amount_tables()
    total = Decimal(0)  # whole 亿 sections done
    section = Decimal(0)  # the part below the next 万/亿
    number: Decimal | None = None  # digits waiting for their unit
    place: Decimal | None = None  # after a point: the place of the next digit
    seen = False
    for tok in _TOKEN.findall(_GROUP_SEPARATOR.sub("", text)):
        if tok in _SKIP:
            continue
        seen = True
        if tok[-1] in "0123456789" and place is None:
            number = Decimal(tok)
        elif tok == POINT and place is None:
            section, number, place = Decimal(0), section + (number or 0), Decimal("0.1")
        elif tok in tables.numerals and place is not None:
            number = (number or 0) + Decimal(tables.numerals[tok]) * place
            place /= 10
        elif tok in tables.numerals:
            digit = Decimal(tables.numerals[tok])
            number = digit if number is None else number * 10 + digit
        elif tok in tables.magnitudes:
            place = None
            unit = Decimal(tables.magnitudes[tok])
            if unit < _WAN:
                section += (1 if number is None else number) * unit
            else:
                part = section + (number or 0)
                # A bare 万 or 亿 is one of it (万亿, 百亿); an explicit zero stays zero.
                section = (part if part or number is not None else 1) * unit
                if unit == _YI:
                    total += section
                    section = Decimal(0)
            number = None
        else:
            return None
    if not seen:
        return None
    return float(total + section + (number or 0))
