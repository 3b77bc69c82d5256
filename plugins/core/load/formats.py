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
#
# A 文号 is an official identifier: the site shows it as issued. Only typing slips
# that the printed document cannot have (full-width digits, a year in [] or 【】)
# are errors; forms that differ from GB/T 9704 but are printed so (a leading zero,
# 〔2015〕第43号) are warnings that show the normalised form; the official forms of
# 令 and 公告 (with or without a year) are right.

DOC_NO = re.compile(r"^(?P<org>[^〔〕\s]+?)〔(?P<year>(?:19|20)[0-9]{2})〕(?P<seq>[1-9][0-9]*)号$")
_CN_SEQ = "[一二三四五六七八九十百千零〇]+"
ORDER_NO = re.compile(rf"^(?P<org>\S(?:.*?\S)?令)(?:(?P<year>(?:19|20)[0-9]{{2}})年)?第(?P<seq>[1-9][0-9]*|{_CN_SEQ})号$")
"""规章 and 主席令: 国务院令第711号, 交通运输部令2016年第62号, 中华人民共和国主席令第十二号."""
NOTICE_NO = re.compile(r"^(?P<org>\S(?:.*?\S)?(?:公告|通告))(?P<year>(?:19|20)[0-9]{2})年第(?P<seq>[1-9][0-9]*)号$")
"""公告 numbered by year: 国家税务总局公告2015年第41号."""
AS_ISSUED = re.compile(r"^(?P<org>\S(?:.*?\S)?)(?:〔(?P<year>(?:19|20)[0-9]{2})〕|(?P<year2>(?:19|20)[0-9]{2})年)(?P<nth>第)?(?P<seq>[0-9]+)号$")
"""GB/T 9704's form loosened as real documents print it: 沪府发〔1999〕043号, 中国人民银行公告〔2015〕第43号."""
_WRONG_BRACKETS = re.compile(r"[\[【(（［〈<{｛]\s*((?:19|20)\d{2})\s*[\]】)）］〉>}｝]")
DOC_NO_SCHEMA = r"^(?![\s\S]*[０-９Ａ-Ｚ])(?![\s\S]*[\[【(（［〈<{｛]\s*(?:19|20)\d{2}\s*[\]】)）］〉>}｝])[\s\S]*$"
"""For editors' JSON Schema: only the errors above (full-width, wrong brackets); the warnings are the check's to give."""
NO_NUMBER = frozenset({"无", "暂无", "没有", "无文号", "-", "—", "/", "空", "null", "none"})


def correct_doc_no(value: str) -> str:
    """The GB/T 9704 form of a 文号: half-width, 〔〕 around the year, no 第 and no leading zero in the serial."""
    text = re.sub(r"\s*([〔〕\[\]【】()（）［］])\s*", r"\1", half_width(value.strip()))
    text = re.sub(r"(?<=\d)\s+|\s+(?=\d)", "", text)
    text = _WRONG_BRACKETS.sub(r"〔\1〕", text)
    text = re.sub(r"〕第", "〕", text)
    text = re.sub(r"(〕|年第|令第)0+(\d)", r"\1\2", text)
    if re.search(r"〕\d+$", text):
        text += "号"
    return text


def doc_no_year(value: str) -> int | None:
    """The year a 文号 names (〔2016〕 or 2016年), for comparing it with the date the document was signed."""
    match = DOC_NO.match(value) or ORDER_NO.match(value) or NOTICE_NO.match(value) or AS_ISSUED.match(value)
    year = match and (match["year"] or (match.groupdict().get("year2")))
    return int(year) if year else None


def doc_no_key(value: str) -> str:
    """One key for the forms of one 文号 (043号 and 43号 are the same document)."""
    return correct_doc_no(value) if AS_ISSUED.match(value) else value


def check_doc_no(value: str) -> Problem | None:
    if DOC_NO.match(value) or ORDER_NO.match(value) or NOTICE_NO.match(value):
        return None
    quoted = f"文号“{value}”"
    if value.strip().lower() in NO_NUMBER:
        return "doc-no-format", f"{quoted}不是文号", "没有文号的文件删去 doc_no 这一行（页面上不显示文号）"
    fixed = correct_doc_no(value)
    right = DOC_NO.match(fixed) or ORDER_NO.match(fixed) or NOTICE_NO.match(fixed)
    if has_full_width(value):
        return "full-width-digits", f"{quoted}含有全角数字或字母", f"应写作 {fixed}" if right else "把全角数字、字母改成半角"
    if _WRONG_BRACKETS.search(half_width(value)):
        return ("doc-no-brackets", f"{quoted}的年份要用六角括号〔〕括起（印发的文件都是〔〕），不能用 []、【】 或 ()",
                f"应写作 {fixed}" if right else "把年份两边的括号改成〔〕，如 东府办〔2016〕47号")
    as_issued = AS_ISSUED.match(value)
    if as_issued and right:
        differs = "序号前有“第”字" if as_issued["nth"] else "序号有前导 0（不编虚位）"
        return ("doc-no-as-issued", f"{quoted}{differs}，与 GB/T 9704 的写法不同（规范写法是 {fixed}）",
                f"原件就是这样印的，照原件保留，网站按原样显示；是录入时打错的，改为 {fixed}")
    return ("doc-no-unusual", f"{quoted}不是常见的文号写法（机关代字〔年份〕序号号、……令第N号、……公告YYYY年第N号）",
            "对照原件核对：照原件写的不用改，网站按原样显示；录入有误的按原件改正")


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
    if text.strip() == "未说明":  # load/schema.py's NOT_STATED, on a date field that does not take it
        return ("date-format", "这个日期不能写“未说明”",
                "原件没有印成文日期的，成文日期 written 可以写 未说明；其他原件没有的日期（结果确定日期、合同签订日期）删去这一行即可；不要估计原件的日期")
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


# --- 索引号 kept from another system (index_no_legacy: true) ---------------------
#
# A catalog exported from an older 政府信息公开 system carries numbers in other offices' forms
# (000014349/2015-00056, K12-01-2018-0003, 440300-2019-001234 …). Published numbers are permanent
# citations, so they are kept as published: only what cannot be a number at all is refused
# (spaces, characters that break a web address or a file path, an empty segment).

LEGACY_INDEX_NO = re.compile(r"^(?!.*//)(?!(?:.*/)?\.{1,2}(?:/|$))[^\s/\\?#%<>\"'|*:&^{}\[\]`][^\s\\?#%<>\"'|*:&^{}\[\]`]{0,78}(?<!/)$")
"""A number as another system published it: no space, no ``? # % < > " ' | * : & ^ { } [ ] \\``, no empty or dot segment."""
URL_SAFE_INDEX_NO = re.compile(r"^[0-9A-Za-z._()/-]+$")
"""A legacy number that can be the entry's web address as it is (otherwise the address is derived from it)."""
_BAD_LEGACY = re.compile(r"[\s\\?#%<>\"'|*:&^{}\[\]`]")


def check_legacy_index_no(value: str) -> Problem | None:
    if LEGACY_INDEX_NO.match(value):
        return None
    bad = _BAD_LEGACY.search(value)
    what = f"含有“{'空格' if bad and bad.group().isspace() else bad.group()}”" if bad else ("太长（超过 80 个字符）" if len(value) > 80 else "有空的一段（以 / 开头或结尾、// 或 . 段）")
    return ("index-no-legacy-format", f"沿用的原索引号 {value} {what}，不能作为网址和文件名",
            "对照原系统公布的索引号核对：录入时多了空格或符号的，按原样改正；原号码本来就含这些字符的，删去 index_no 和 index_no_legacy 两行由 build.py 分配新号，并在 summary 中注明原索引号")
