"""Formats of Chinese government identifiers and how editors get them wrong.

Each ``check_*`` function takes the raw value and returns ``None`` when it is
right, or ``(code, what is wrong, how to fix)`` with the corrected form in the
fix. No MkDocs here.
"""

from __future__ import annotations

import datetime
import re

Problem = tuple[str, str, str]

FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ－／．：",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/.:",
)
_FULL_WIDTH_CHARS = re.compile("[０-９Ａ-Ｚ－／．：]")


def half_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def has_full_width(text: str) -> bool:
    return bool(_FULL_WIDTH_CHARS.search(text))


# --- 文号 (GB/T 9704-2012 §7.2.5) -----------------------------------------

DOC_NO = re.compile(r"^(?P<org>[^〔〕\s]+?)〔(?P<year>(?:19|20)[0-9]{2})〕(?P<seq>[1-9][0-9]*)号$")
ORDER_NO = re.compile(r"^(?P<org>\S+?令)第(?P<seq>[1-9][0-9]*)号$")
_WRONG_BRACKETS = re.compile(r"[\[【(（［〈<{｛]\s*((?:19|20)\d{2})\s*[\]】)）］〉>}｝]")


def correct_doc_no(value: str) -> str:
    """Best guess at the GB/T 9704 form of a 文号 written carelessly."""
    text = half_width(value.strip()).replace(" ", "")
    text = _WRONG_BRACKETS.sub(r"〔\1〕", text)
    text = re.sub(r"〕第", "〕", text)
    text = re.sub(r"〕0+(\d)", r"〕\1", text)
    if re.search(r"〕\d+$", text):
        text += "号"
    return text


def check_doc_no(value: str) -> Problem | None:
    if DOC_NO.match(value) or ORDER_NO.match(value):
        return None
    fixed = correct_doc_no(value)
    ok = DOC_NO.match(fixed) or ORDER_NO.match(fixed)
    hint = f"应写作 {fixed}" if ok and fixed != value else "按“机关代字〔年份〕序号号”书写，例如 东府办〔2016〕47号"
    if has_full_width(value):
        return "full-width-digits", "含有全角数字或字母", hint
    if _WRONG_BRACKETS.search(half_width(value)):
        return "doc-no-brackets", "年份要用六角括号〔〕括起，不能用 []、【】 或 ()", hint
    if "〕第" in value:
        return "doc-no-format", "序号前不加“第”字", hint
    if re.search(r"〕0\d", value):
        return "doc-no-format", "序号不编虚位（不写前导 0）", hint
    return "doc-no-format", "文号格式不对", hint


# --- dates --------------------------------------------------------------

_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_date(value: object) -> datetime.date | None:
    """The date of a well-formed ISO value; ``None`` otherwise."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_date(value: object) -> Problem | None:
    if isinstance(value, datetime.date):
        return None
    text = str(value)
    if ISO_DATE.match(text):
        try:
            datetime.date.fromisoformat(text)
            return None
        except ValueError:
            return "date-invalid", f"日期 {text} 不存在", "检查月份（1–12）和日（该月的天数）"
    plain = half_width(text)
    match = _CHINESE_DATE.match(plain) or _LOOSE_DATE.match(plain)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            iso = datetime.date(year, month, day).isoformat()
        except ValueError:
            return "date-invalid", f"日期 {text} 不存在", "检查月份（1–12）和日（该月的天数）"
        code = "full-width-digits" if has_full_width(text) else "date-format"
        return code, f"日期要写成 年-月-日（ISO 格式），不能写作 {text}", f"应写作 {iso}"
    return "date-format", f"无法识别的日期 {text}", "写成 年-月-日，例如 2016-05-23"


# --- 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714) ----------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def check_uscc(value: str) -> Problem | None:
    code = half_width(str(value)).upper()
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return (
            "uscc-format",
            f"统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V），现为 {value}",
            "对照单位的法人证书重新填写",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return (
            "uscc-check",
            f"统一社会信用代码 {value} 的校验码不对（按 GB 32100 应为 {expected}）",
            "对照单位的法人证书核对每一位",
        )
    if code != value:
        return "full-width-digits", "含有全角或小写字符", f"应写作 {code}"
    return None


# --- 索引号 ---------------------------------------------------------------

INDEX_NO = re.compile(
    r"^(?P<prefix>[0-9A-Z]{9}|[0-9A-HJ-NPQRTUWXY]{18})/(?P<year>[0-9]{4})(?P<month>[0-9]{2})?-(?P<serial>[0-9]{5})$"
)


def check_index_no(value: str) -> Problem | None:
    if INDEX_NO.match(value):
        return None
    fixed = half_width(value).strip()
    if INDEX_NO.match(fixed):
        return "full-width-digits", "索引号含有全角字符", f"应写作 {fixed}"
    return (
        "index-no-format",
        f"索引号 {value} 格式不对",
        "写成“统一社会信用代码/年份-5位流水号”，如 11441900007330235X/2016-00047；或删去此行，由 build.py 自动分配",
    )
