"""One number typography for every page: amounts, changes, percentages, years.

The rules (as a reader of a 政府信息公开 page expects them, 《出版物上数字用法》 GB/T 15835):

- no space between a number and its unit or date word: ``2025年``, ``48.30万元``;
- amounts to the 分 (two decimals) in tables and charts, more when the document wrote more
  (``0.125``); counts (件, 人次) and whole numbers YAML reads as integers get no decimals; a single
  figure (信息索引) shows the decimals it has (``1,980,000``, ``10,826.44``). The model reads table
  cells as floats, so ``48.3`` and ``48.30`` arrive alike: a cell written with one decimal shows two;
- thousands separators (``,``) in tables, charts and the 信息索引 — figures read down a column;
  the data files (CSV/JSON) carry plain numbers for spreadsheets (``datatable.plain``);
- a true minus sign (−, U+2212) for negatives in display, a plus sign on increases where a
  change is shown (``+3.5%``, ``−8.2%``).

No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable

MINUS = "\u2212"
MAX_DECIMALS = 6


def decimals(values: Iterable[object]) -> int:
    """The decimals the most precise of ``values`` was written with (float noise of sums ignored)."""
    most = 0
    for value in values:
        if isinstance(value, bool) or not isinstance(value, float):
            continue
        for digits in range(MAX_DECIMALS + 1):
            if abs(round(value, digits) - value) < 1e-9 * max(1.0, abs(value)):
                break
        most = max(most, digits)
    return most


def amount(value: float | int | None, digits: int | None = None, *, grouping: bool = True) -> str:
    """``1234.5`` → ``1,234.5``; ``-4.3`` → ``−4.3``; None → ``""``. ``digits`` None: the value's own decimals."""
    if value is None or isinstance(value, bool):
        return ""
    if digits is None:
        digits = decimals([value])
    text = f"{abs(value):{',' if grouping else ''}.{digits}f}"
    negative = value < 0 and any(c not in "0.," for c in text)  # −0.00 reads as 0.00
    return (MINUS if negative else "") + text


def signed(value: float | int | None, digits: int | None = None) -> str:
    """A change: ``+1.20`` / ``−4.30`` / ``0.00``."""
    text = amount(value, digits)
    return "+" + text if value is not None and value > 0 and any(c not in "0.," for c in text) else text


def percent(value: float | None, digits: int = 1) -> str:
    """A change in per cent: ``+3.5%`` / ``−8.2%``; None → ``—``."""
    if value is None:
        return "—"
    return signed(value, digits) + "%"


def with_unit(value: float | int | None, unit: str, digits: int | None = None) -> str:
    """``48.30万元``: the number and its unit with no space between."""
    return amount(value, digits) + unit


def year(value: object) -> str:
    """``2025年``."""
    return f"{value}年"
