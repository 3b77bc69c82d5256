"""Printed figures read one way for every importer: an amount with its separators, the 单位, the year, a dash.

Budget tables, “三公” tables and notices print numbers the same way (``1,234.50``, ``-`` for
zero, ``单位：万元`` above the table, ``2023年度`` in the title); reading them in one place keeps
the importers from disagreeing about what a cell says. Nothing here adds, rounds or guesses.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
"""A printed number once its separators are gone (``figure``)."""
UNIT = re.compile(r"单位[:：]\s*(万元|元)")
"""The unit printed above (or in the header of) a table."""
YEAR = re.compile(r"(20\d\d|19\d\d)\s*年度?")
AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)\s*(万元|元)")
"""An amount with its unit inside a sentence: ``25.16万元``, ``1,200元``."""
DASHES = frozenset(("", "-", "—", "－", "–", "/"))
"""What a finance table prints in a cell that is zero or not applicable (the empty cell included)."""
_SEPARATORS = str.maketrans("", "", ",， \u3000")


def compact(text: str) -> str:
    """The cell's text without thousands separators and spaces (``1, 234.50`` → ``1234.50``)."""
    return text.translate(_SEPARATORS)


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(compact(text)))


def is_dash(text: str) -> bool:
    """A cell printed empty or as a dash (the finance systems' zero)."""
    return compact(text) in DASHES


def figure(text: str) -> int | float | None:
    """The number a cell prints, as written (an integer stays an integer); None when it is not a number."""
    plain = compact(text)
    if not NUMBER.fullmatch(plain):
        return None
    return float(plain) if "." in plain else int(plain)


def amount_in(text: str) -> tuple[int | float, str] | None:
    """(value, unit) of the first amount with a unit in a sentence, or None."""
    found = AMOUNT.search(text)
    if not found:
        return None
    value = figure(found.group(1))
    return None if value is None else (value, found.group(2))


def to_yuan(value: int | float) -> int | float:
    """万元 to 元, exact to the printed decimals (no float noise such as 1200.0000000002)."""
    digits = len(str(value).split(".")[1]) if isinstance(value, float) and "." in str(value) else 0
    result = round(value * 10000, max(0, digits - 4))
    return int(result) if float(result).is_integer() else result


def year_in(text: str) -> int | None:
    found = YEAR.search(text)
    return int(found.group(1)) if found else None


def unit_in(text: str) -> str | None:
    found = UNIT.search(compact(text))
    return found.group(1) if found else None
