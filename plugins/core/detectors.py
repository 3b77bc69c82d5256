"""Detectors for what an editor pastes into a public entry by mistake. No MkDocs here.

Pure functions over a string, fast enough to run on every string of a
100,000-entry catalog: each detector is one compiled regex that proposes
candidates, and a check (date + GB 11643 check digit, Luhn + context words,
strict marking forms) that throws away the look-alikes — order numbers,
amounts, the word 秘密 in 保守国家秘密. A hit carries the normalised value
only so it can be masked for the message and hashed for the allowlist; the
raw value is never printed.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    detector: str
    """Detector name, e.g. ``id-number``; a negative-list item id for the list's own patterns."""
    start: int
    end: int
    value: str
    """Normalised value (digits without spaces, …): what is masked and hashed."""

    @property
    def masked(self) -> str:
        return mask(self.value)

    @property
    def digest(self) -> str:
        return fingerprint(self.value)


def mask(value: str) -> str:
    """Keep the ends, star the middle: ``4419**********1234``, ``138****8000``."""
    n = len(value)
    if n >= 15:
        keep = 4
    elif n >= 11:
        keep = 3
    elif n >= 4:
        keep = 1
    else:
        return "*" * n
    tail = 4 if n >= 11 else keep
    return value[:keep] + "*" * (n - keep - tail) + value[n - tail:]


def fingerprint(value: str) -> str:
    """sha256 of the normalised value: what the allowlist stores instead of the value."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# Full-width digits, X and separators, mapped one-to-one so offsets stay valid.
_WIDE = str.maketrans("０１２３４５６７８９Ｘｘ－　＋", "0123456789Xx- +")
_HAS_WIDE = re.compile("[０-９]")


def normalise(text: str) -> str:
    """Half-width digits, same length as the input (hits keep their offsets)."""
    return text.translate(_WIDE) if _HAS_WIDE.search(text) else text


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text).upper()


# --- 公民身份号码 (GB 11643-1999) ---------------------------------------------

PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
"""First two digits of the address code (GB/T 2260), 83 for 台湾居民居住证."""

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID = re.compile(r"(?<![0-9A-Za-z])[1-9](?:[ -]?[0-9]){16}[ -]?[0-9Xx](?![0-9A-Za-z])")


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def is_id_number(value: str, today: datetime.date | None = None) -> bool:
    """18 characters, a real province, a real birth date not in the future, the check digit."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in PROVINCES:
        return False
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or datetime.date.today()):
        return False
    return id_check_digit(value[:17]) == value[17].upper()


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Every candidate, retrying one character later when a candidate fails its check.

    A run such as ``0769-2283 441900…`` may first match across the separator; the
    caller's check rejects it, and the real number behind it must still be found.
    """
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        yield match
        pos = match.start() + 1


def detect_id_numbers(text: str) -> Iterable[Hit]:
    end = -1
    for match in _overlapping(_ID, text):
        if match.start() < end:
            continue
        value = _digits(match.group())
        if is_id_number(value):
            end = match.end()
            yield Hit("id-number", match.start(), match.end(), value)


# --- mainland mobile numbers -------------------------------------------------

_MOBILE = re.compile(
    r"(?<![0-9A-Za-z.])(?:(?:\+|00)?86[ -]?)?"
    r"(1(?:3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9]))[ -]?([0-9]{4})[ -]?([0-9]{4})"
    r"(?![0-9A-Za-z]|\.[0-9]|\s*(?:元|万|亿|千|百|%|％|‰))"
)
_MONEY_BEFORE = re.compile(r"[¥￥$]\s*$")


def detect_mobiles(text: str) -> Iterable[Hit]:
    for match in _MOBILE.finditer(text):
        if _MONEY_BEFORE.search(text, max(0, match.start() - 3), match.start()):
            continue
        value = "".join(match.groups())
        yield Hit("mobile", match.start(), match.end(), value)


# --- bank card numbers ---------------------------------------------------------

CARD_CONTEXT = (
    "账号", "帐号", "卡号", "账户", "帐户", "开户", "银行卡", "借记卡", "信用卡", "储蓄卡", "工资卡", "社保卡",
    "存折", "收款", "户名", "银行",
)
"""Words that make a Luhn-valid number a card number rather than an order number."""
_CARD = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[ -]?[0-9]){15,18}(?![0-9A-Za-z])")
_CARD_PREFIX = re.compile(r"^(?:62|60|4|5[1-5]|2[2-7]|35|37|9[45])")
"""UnionPay (62, 60, 9x domestic), Visa (4), Mastercard (51–55, 22–27), JCB (35), Amex (37)."""
CONTEXT_WINDOW = 24


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def detect_bank_cards(text: str) -> Iterable[Hit]:
    end = -1
    for match in _overlapping(_CARD, text):
        if match.start() < end:
            continue
        value = _digits(match.group())
        if not (16 <= len(value) <= 19 and _CARD_PREFIX.match(value) and luhn_ok(value)):
            continue
        if is_id_number(value):
            continue  # reported by the 公民身份号码 detector
        around = text[max(0, match.start() - CONTEXT_WINDOW): match.start()] + text[match.end(): match.end() + 8]
        if any(word in around for word in CARD_CONTEXT):
            end = match.end()
            yield Hit("bank-card", match.start(), match.end(), value)


# --- classification markings (密级标志) ---------------------------------------------

_SP = r"[ \t\u3000]"
_OPEN, _CLOSE = r"[【\[（(〔<《]", r"[】\])）〕>》]"
_LEVEL = "(?:绝密|机密|秘密)"
_INTERNAL = "(?:内部资料|注意保存|内部文件|内部参考|内部使用|内部刊物)"
_MARKING = re.compile(
    "|".join(
        (
            # 机密★1年, 秘密★长期, 绝密 ★ — the GB/T 9704 密级和保密期限 form
            rf"{_LEVEL}{_SP}*[★☆＊*]{_SP}*(?:[0-9０-９一二三四五六七八九十]+{_SP}*(?:年|个月|月)|长期)?",
            # 密级：机密
            rf"密{_SP}*级{_SP}*[:：]{_SP}*{_LEVEL}",
            # a line holding only the level, as printed at the top left of a 公文
            rf"(?m:^{_SP}*{_OPEN}?{_SP}*{_LEVEL}{_SP}*{_CLOSE}?{_SP}*$)",
            # 内部资料 注意保存
            rf"内部资料[\s，,、。；;·•（(]*(?:注意保存|请勿外传|不得外传|妥善保管)",
            # （内部资料） anywhere, or alone on a line
            rf"{_OPEN}{_SP}*{_INTERNAL}{_SP}*{_CLOSE}",
            rf"(?m:^{_SP}*{_INTERNAL}{_SP}*$)",
        )
    )
)
_MARKING_HINT = re.compile(
    rf"{_LEVEL}(?:{_SP}*[★☆＊*]|[ \t\u3000】\])）〕>》]*(?:\n|$))|密{_SP}*级|内部(?:资料|文件|参考|使用|刊物)|注意保存"
)
"""Cheap necessary condition for ``_MARKING``: text without it has no marking."""


def _may_mark(text: str) -> bool:
    """Every marking form holds 密, 内部 or 注意保存: substring tests (C speed) before any regex."""
    return "密" in text or "内部" in text or "注意保存" in text


def detect_markings(text: str) -> Iterable[Hit]:
    if not (_may_mark(text) and _MARKING_HINT.search(text)):
        return
    for match in _MARKING.finditer(text):
        value = match.group().strip(" \t\u3000")
        yield Hit("classification-marking", match.start(), match.end(), value)


# --- registry -------------------------------------------------------------------------

Detector = Callable[[str], Iterable[Hit]]

DETECTORS: dict[str, Detector] = {
    "id-number": detect_id_numbers,
    "mobile": detect_mobiles,
    "bank-card": detect_bank_cards,
    "classification-marking": detect_markings,
}
"""Every built-in detector. All of them always run; there is no switch to turn one off."""

LABELS: dict[str, str] = {
    "id-number": "公民身份号码",
    "mobile": "手机号码",
    "bank-card": "银行卡号",
    "classification-marking": "密级标志",
}

FIXES: dict[str, str] = {
    "id-number": "删除身份证号码，或只保留前 4 位和后 4 位（如 4419**********1234）",
    "mobile": "删除个人手机号码，改留单位的办公电话",
    "bank-card": "删除个人银行卡号",
    "classification-marking": "带密级标志的文件不得公开：删除该条目或改为 不予公开（exemption: state-secret），并报保密审查；若是引用的文字，请改写",
}

_DIGIT_RUN = re.compile("[0-9０-９](?:[ \u3000\\-－]?[0-9０-９]){10}")
"""Every number detector needs at least 11 digits: texts without such a run skip them."""


_MARKING_WORDS = re.compile(r"[绝机秘]密|密[ \t\u3000]*级|内部|注意保存")


def worth_scanning(text: str) -> bool:
    """False when no detector can hit: no run of 11 digits and no marking (cheapest test first)."""
    return bool(_DIGIT_RUN.search(text) or (_may_mark(text) and _MARKING_WORDS.search(text) and _MARKING_HINT.search(text)))


def scan(text: str) -> list[Hit]:
    """Every built-in detector over one string, hits in text order, one hit per span."""
    hits: list[Hit] = []
    if _DIGIT_RUN.search(text):
        plain = normalise(text)
        hits += detect_id_numbers(plain)
        hits += detect_bank_cards(plain)
        hits += detect_mobiles(plain)
    hits += detect_markings(text)
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
