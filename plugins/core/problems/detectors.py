"""Detectors for what an editor pastes into a public entry by mistake. No MkDocs here.

Pure functions over a string, fast enough to run on every string of a
100,000-entry catalog: a cheap pre-check (``worth_scanning``) lets ordinary
text through untouched; a string that may hold a number or a marking is first
*normalised* to what a person sees (``normalise``: every Unicode space to a
space, zero-width and other format characters removed, NFKC so full-width
digits, letters and hyphens become half-width, every dash a hyphen), with a
map back to the original offsets. Each detector is then one compiled regex
that proposes candidates — a number may be split by spaces or hyphens, and by
one line break, tab or table-cell bar (``138 0013\\n8000``, ``1380013 | 8000``)
— and a check (date + GB 11643 check digit, Luhn + context words, strict
marking forms) that throws away the look-alikes: order numbers, amounts, the
word 秘密 in 保守国家秘密.

A hit carries the normalised value only in memory, so the allowlist can
compare it with a salted slow hash; no message ever shows more than its
length and last two characters (``mask``), and nothing prints a hash of it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from stdnum import luhn
from stdnum.cn import ric

from .textview import DASHES, normalise



@dataclass(frozen=True)
class Hit:
    detector: str
    """Detector name, e.g. ``id-number``; a negative-list item id for the list's own patterns."""
    start: int
    end: int
    """Offsets in the original text."""
    value: str = field(repr=False)
    """Normalised value (digits without separators, …): compared with the allowlist, never printed."""

    @property
    def masked(self) -> str:
        return mask(self.value)

    @property
    def shown(self) -> str:
        """What a message may say about the value: its length and last two characters."""
        return describe(self.value)


SHOWN_TAIL = 2
"""Characters of a number a message may show (the last ones)."""


def mask(value: str) -> str:
    """Star all but the last two characters: ``****************31``, ``*********00``.

    Two characters out of eleven or eighteen leave the rest to be guessed from
    the whole space; short values are starred completely.
    """
    n = len(value)
    if n < 8:
        return "*" * n
    return "*" * (n - SHOWN_TAIL) + value[n - SHOWN_TAIL:]


def describe(value: str) -> str:
    """``共 11 位，末两位 00`` — what a finding says about a number."""
    n = len(value)
    if n < 8:
        return f"共 {n} 位"
    return f"共 {n} 位，末两位 {value[n - SHOWN_TAIL:]}"


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text).upper()


# Between two digits of a number: nothing, a space or hyphen, or one break — a line
# break, a tab or a Markdown/table cell bar with spaces around it.
_BREAK = r"[ \t]*(?:\r?\n|\t|\|)[ \t]*"
_S = rf"(?:[ -]|{_BREAK})?"
_BREAK_RE = re.compile(_BREAK)


def _well_broken(text: str, start: int, matched: str, groups: tuple[int, ...]) -> bool:
    """A number split by at most one break, the way a person splits one.

    At least three digits on each side. Split between table cells (a tab or ``|``), the
    split must fall where people group the number (3-4-4 for a mobile, 6-8-4 for an ID,
    fours for a card): two amounts in adjacent cells are not a number. Wrapped across
    lines, it must also sit at such a place, or follow other text on its line (a sentence
    wrapped in the middle of the number, not a column of figures).
    """
    if "\n" not in matched and "\t" not in matched and "|" not in matched:
        return True
    pieces = _BREAK_RE.split(matched)
    if len(pieces) > 2:
        # across several table cells (never several lines): each split where people group the
        # number (139 | 2647 | 8051), or one digit per cell, as forms box an ID or card number
        if any("\n" in brk for brk in _BREAK_RE.findall(matched)):
            return False
        counts = [len(_digits(piece)) for piece in pieces]
        if groups is not _MOBILE_GROUPS and all(n == 1 for n in counts):
            return True  # 18 boxes: the check digit (ID) or Luhn and context words (card) still decide
        done = 0
        for n in counts[:-1]:
            done += n
            if done not in groups:
                return False
        return True
    before, after = len(_digits(pieces[0])), len(_digits(pieces[1]))
    if before < 3 or after < 3:
        return False
    if before in groups:
        return True
    brk = _BREAK_RE.search(matched)
    if brk is None or "\t" in brk.group() or "|" in brk.group():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return bool(text[line_start:start].strip(" \t|"))


_ID_GROUPS = (6, 14)
_MOBILE_GROUPS = (3, 7)
_CARD_GROUPS = (4, 6, 8, 12, 16)


# --- 公民身份号码 (GB 11643-1999) ---------------------------------------------

PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split()
)
"""First two digits of the address code (GB/T 2260), 83 for 台湾居民居住证.

Only the province is checked: people keep the number of a county that has since been
merged or renamed, so the full county table (stdnum's ``get_birth_place``) would miss them."""

_ID = re.compile(rf"(?<![0-9A-Za-z])[1-9](?:{_S}[0-9]){{16}}{_S}[0-9Xx](?![0-9A-Za-z])")


def id_check_digit(first17: str) -> str:
    return ric.calc_check_digit(first17[:17] + "0")  # stdnum wants the number with a check digit in place


def is_id_number(value: str, today: datetime.date | None = None) -> bool:
    """18 characters, a real province, a real birth date not in the future, the check digit."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in PROVINCES:
        return False
    try:
        born = ric.get_birth_date(value)
    except Exception:  # stdnum's InvalidComponent: no such date
        return False
    if born.year < 1900 or born > (today or datetime.date.today()):
        return False
    return ric.calc_check_digit(value) == value[17].upper()


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
        if match.start() < end or not _well_broken(text, match.start(), match.group(), _ID_GROUPS):
            continue
        value = _digits(match.group())
        if is_id_number(value):
            end = match.end()
            yield Hit("id-number", match.start(), match.end(), value)


# --- mainland mobile numbers -------------------------------------------------

_DOTS = ".·/・"
"""Separators some write a phone number with (139.2647.8051): accepted only in the 3-4-4 grouping."""
_SM = rf"(?:[ ]?[-{re.escape(_DOTS)}][ ]?|[ -]|{_BREAK})?"
_MOBILE = re.compile(
    rf"(?<![0-9A-Za-z.])(?:(?:\+|00)?86[ -]?|\(\+?86\)[ -]?)?"
    rf"(1{_SM}[3-9](?:{_SM}[0-9]){{9}})"
    r"(?![0-9A-Za-z]|\.[0-9]|\s*(?:元|万|亿|千|百|%|％|‰))"
)
_MOBILE_PREFIX = re.compile(r"1(?:3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9])")
_MONEY_BEFORE = re.compile(r"[¥￥$]\s*$")


def luhn_ok(digits: str) -> bool:
    return luhn.is_valid(digits)


_GROUP_SPLIT = re.compile(rf"[ -]|{_BREAK}")


def _phone_groups(number: str) -> bool:
    """Grouped as people group a phone number (138 0013 8000, 1380-013-8000), or spaced digit by
    digit; not an amount with spaces for thousands (13 800 138 000)."""
    groups = [len(g) for g in _GROUP_SPLIT.split(number) if g]
    return len(groups) == 1 or all(n == 1 for n in groups) or all(n >= 3 for n in groups[:-1])


def detect_mobiles(text: str) -> Iterable[Hit]:
    for match in _overlapping(_MOBILE, text):
        number = match.group(1)
        if not _well_broken(text, match.start(1), number, _MOBILE_GROUPS):
            continue
        value = _digits(number)
        if not _MOBILE_PREFIX.match(value) or not _phone_groups(number):
            continue
        if (any(c in number for c in _DOTS) or " - " in number) and [len(g) for g in re.split(r"[^0-9]+", number)] != [3, 4, 4]:
            continue  # 13.92647.8051, a date or a decimal: only 139.2647.8051 is a phone number written with dots
        if _MONEY_BEFORE.search(text, max(0, match.start() - 3), match.start()):
            continue
        yield Hit("mobile", match.start(), match.end(), value)


# --- bank card numbers ---------------------------------------------------------

CARD_CONTEXT = (
    "账号", "帐号", "卡号", "账户", "帐户", "开户", "银行卡", "借记卡", "信用卡", "储蓄卡", "工资卡", "社保卡",
    "存折", "收款", "户名", "银行",
)
"""Words that make a Luhn-valid number a card number rather than an order number."""
_CARD = re.compile(rf"(?<![0-9A-Za-z])[0-9](?:{_S}[0-9]){{15,18}}(?![0-9A-Za-z])")
_CARD_PREFIX = re.compile(r"^(?:62|60|4|5[1-5]|2[2-7]|35|37|9[45])")
"""UnionPay (62, 60, 9x domestic), Visa (4), Mastercard (51–55, 22–27), JCB (35), Amex (37)."""
CONTEXT_WINDOW = 24


def detect_bank_cards(text: str) -> Iterable[Hit]:
    end = -1
    for match in _overlapping(_CARD, text):
        if match.start() < end or not _well_broken(text, match.start(), match.group(), _CARD_GROUPS):
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

_SP = r"[ \t]"
"""After normalisation every Unicode space is a plain space and zero-width characters are gone."""


def _spaced(word: str) -> str:
    """``秘密`` → ``秘[ \\t]*密``: the GB/T 9704 layout puts a full-width space between the characters."""
    return f"{_SP}*".join(map(re.escape, word))


_OPEN, _CLOSE = r"[【\[(〔<《〖]", r"[】\])〕>》〗]"
_SQUARE_OPEN, _SQUARE_CLOSE = r"[【\[〔〖]", r"[】\]〕〗]"
_LEVEL = "(?:" + "|".join(_spaced(w) for w in ("绝密", "机密", "秘密")) + ")"
_INTERNAL = "(?:" + "|".join(_spaced(w) for w in ("内部资料", "注意保存", "内部文件", "内部参考", "内部使用", "内部刊物")) + ")"
_STAR = r"[★☆*]"
_MARKING = re.compile(
    "|".join(
        (
            # 机密★1年, 秘密★长期, 绝 密 ★ — the GB/T 9704 密级和保密期限 form
            rf"{_LEVEL}{_SP}*{_STAR}{_SP}*(?:[0-9一二三四五六七八九十]+{_SP}*(?:年|个月|月)|长{_SP}*期)?",
            # 密级：机密
            rf"密{_SP}*级{_SP}*[:：]{_SP}*{_LEVEL}",
            # a line holding only the level, as printed at the top left of a 公文
            rf"(?m:^{_SP}*{_OPEN}?{_SP}*{_LEVEL}{_SP}*{_CLOSE}?{_SP}*$)",
            # 内部资料 注意保存
            rf"{_spaced('内部资料')}[\s，,、。；;·•（(]*(?:{_spaced('注意保存')}|请勿外传|不得外传|妥善保管)",
            # （内部资料） anywhere, or alone on a line
            rf"{_OPEN}{_SP}*{_INTERNAL}{_SP}*{_CLOSE}",
            rf"(?m:^{_SP}*{_INTERNAL}{_SP}*$)",
            # 【内部】［内部］〔内部〕 and 内部★: a label, not the word in a sentence
            rf"{_SQUARE_OPEN}{_SP}*{_spaced('内部')}{_SP}*{_SQUARE_CLOSE}",
            rf"{_spaced('内部')}{_SP}*{_STAR}",
        )
    )
)


def _hint(sp: str, star: str, close: str) -> re.Pattern[str]:
    """A necessary condition for ``_MARKING``: a level with a star or at a line's end, 密级, or an internal word."""
    spaced = lambda word: f"{sp}*".join(map(re.escape, word))  # noqa: E731
    level = "(?:" + "|".join(spaced(w) for w in ("绝密", "机密", "秘密")) + ")"
    internal = "(?:" + "|".join(spaced(w) for w in ("内部资料", "注意保存", "内部文件", "内部参考", "内部使用", "内部刊物")) + ")"
    return re.compile(
        rf"{level}(?:{sp}*{star}|(?:{sp}|{close})*(?:\n|$))|密{sp}*级|{internal}|{spaced('内部')}{sp}*(?:{star}|{close})"
    )


_MARKING_HINT = _hint(_SP, _STAR, r"[】\])〕>》〗]")
"""Cheap necessary condition for ``_MARKING`` on normalised text."""
GAP_CHAR = r"[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
"""Any space or zero-width character, as typed: what may stand between the characters of a word."""
_GAP_CHAR = GAP_CHAR
_RAW_HINT = _hint(_GAP_CHAR, r"[★☆*＊]", r"[】\])〕>》〗］）＞]")
"""The same on the text as typed (any space or zero-width character, full-width forms): no normalising first."""
_GAP = _GAP_CHAR + "*"
_RAW_INTERNAL = re.compile(f"内{_GAP}部|注{_GAP}意{_GAP}保{_GAP}存")


def _may_mark(text: str) -> bool:
    """Every marking form holds 密, 内…部 or 注意保存: substring tests (C speed) before any regex."""
    if "密" in text:
        return _RAW_HINT.search(text) is not None
    # 内 and 注 are common characters (内容, 注意): look for the second character before any regex
    maybe = ("内" in text and "部" in text) or ("注" in text and "存" in text)
    return maybe and _RAW_INTERNAL.search(text) is not None and _RAW_HINT.search(text) is not None


def _markings(plain: str) -> Iterable[tuple[int, int, str]]:
    if not _MARKING_HINT.search(plain):
        return
    for match in _MARKING.finditer(plain):
        yield match.start(), match.end(), match.group().strip(" \t")


def detect_markings(text: str) -> Iterable[Hit]:
    if not _may_mark(text):
        return
    norm = normalise(text)
    for start, end, _ in _markings(norm.text):
        start, end = norm.original(start), norm.original(end)
        yield Hit("classification-marking", start, end, text[start:end].strip(" \t\u3000"))


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
    "id-number": "删除身份证号码（需要指明当事人的，写“申请人”或姓氏即可）",
    "mobile": "删除个人手机号码，改留单位的办公电话",
    "bank-card": "删除个人银行卡号",
    "classification-marking": "带密级标志的文件不得公开：删除该条目或改为 不予公开（exemption: state-secret），并报保密审查；若是引用的文字，请改写",
}

_DIGIT_RUN = re.compile(rf"\d(?:[\s|\-{DASHES}\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff.·/・]{{0,6}}\d){{10}}")
"""Every number detector needs 11 digits with at most a few separators between each two
(``\\d`` is any Unicode digit; a separator is any space, dash, bar, line break or zero-width
character): texts without such a run skip them, and skip normalisation."""


def worth_scanning(text: str) -> bool:
    """False when no detector can hit: no run of 11 digits and no marking (cheapest test first)."""
    return bool(_DIGIT_RUN.search(text) or _may_mark(text))


def scrub(text: str) -> str:
    """``text`` with every personal number a detector finds in it masked (``*********51``).

    For printed lines that quote what an editor wrote (``无法识别的日期 …``, ``应写作 …``): a
    message may quote a value, never a personal number in it, in any log or report.
    """
    if not _DIGIT_RUN.search(text):
        return text
    hits = [hit for hit in scan(text) if hit.detector != "classification-marking"]
    if not hits:
        return text
    parts, pos = [], 0
    for hit in hits:
        parts.append(text[pos: hit.start])
        parts.append(mask(hit.value))
        pos = hit.end
    parts.append(text[pos:])
    return "".join(parts)


def scan(text: str) -> list[Hit]:
    """Every built-in detector over one string, hits in text order, one hit per span."""
    numbers = _DIGIT_RUN.search(text) is not None
    marks = _may_mark(text)
    if not (numbers or marks):
        return []
    norm = normalise(text)
    plain = norm.text
    found: list[tuple[str, int, int, str]] = []
    if numbers:
        found += ((h.detector, h.start, h.end, h.value) for h in detect_id_numbers(plain))
        found += ((h.detector, h.start, h.end, h.value) for h in detect_bank_cards(plain))
        found += ((h.detector, h.start, h.end, h.value) for h in detect_mobiles(plain))
    if marks:
        found += (("classification-marking", s, e, v) for s, e, v in _markings(plain))
    if not found:
        return []
    hits = []
    for name, s, e, value in found:
        start, end = norm.original(s), norm.original(e)
        if name == "classification-marking":
            value = text[start:end].strip(" \t\u3000")  # shown as the editor wrote it
        hits.append(Hit(name, start, end, value))
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
