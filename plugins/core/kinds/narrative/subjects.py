"""What the words before a figure speak of: the subjects of a 预决算 or “三公” text, their scope and parts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ALL, FISCAL, GRANT = "all", "fiscal", "grant"
SCOPE_NAMES = {ALL: "全部资金", FISCAL: "财政拨款", GRANT: "当年拨款"}
NOW, PREV, BUDGET = "now", "prev", "budget"
PERIOD_NAMES = {NOW: "本年", PREV: "上年", BUDGET: "预算"}





@dataclass(frozen=True)
class Subject:
    key: str
    """E.g. ``基本支出``, ``三公.接待``, ``row:一般公共服务支出``."""
    pattern: re.Pattern[str]
    scope: str | None = None
    """The scope the word itself fixes (“三公” is 一般公共预算财政拨款 by definition)."""
    under: str = ""
    """Only inside a sentence about this subject (货物 under 政府采购, 购置费 under “三公”)."""
    parts: tuple[str, ...] = ()
    """The subjects that add up to this one, when all are stated."""
    anywhere: re.Pattern[str] | None = None
    name: str = ""
    """How a message names it; empty: ``subject_name(key)``."""
    """The words found anywhere (a heading ““三公”经费财政拨款支出决算具体情况” is about “三公”)."""


def subject(key: str, words: str, scope: str | None = None, under: str = "", parts: tuple[str, ...] = (), name: str = "") -> Subject:
    return Subject(key, re.compile(f"(?:{words})$"), scope, under, parts, re.compile(words), name)


BUDGET_SUBJECTS = (
    subject("三公", r"[“”\"'‘’]?三公[“”\"'‘’]?经费(?:财政拨款)?(?:支出)?", FISCAL, parts=("三公.出国", "三公.车", "三公.接待")),
    subject("三公.车", r"公务用车购置及运行(?:维护)?费", FISCAL, parts=("三公.购置", "三公.运行")),
    subject("三公.出国", r"(?:因公)?出国境?经?费", FISCAL),
    subject("三公.购置", r"(?:公务用车|车辆)购置费?|购置费", FISCAL, under="三公"),
    subject("三公.运行", r"(?:公务用车)运行(?:维护)?费?|运行(?:维护)?费", FISCAL, under="三公"),
    subject("三公.接待", r"(?<!国内)(?<!外事)公务接待费", FISCAL),
    subject("机关运行经费", r"机关运行经费"),
    subject("政府采购", r"政府采购(?:预算|支出)?(?:总额|合计|总计)?|采购(?:预算|支出)?总额", parts=("政府采购.货物", "政府采购.工程", "政府采购.服务")),
    subject("政府采购.货物", r"货物(?:类|采购)?", under="政府采购"),
    subject("政府采购.工程", r"工程(?:类|采购)?", under="政府采购"),
    subject("政府采购.服务", r"服务(?:类|采购)?", under="政府采购"),
    subject("收支总计", r"收支(?:预算|决算)?总(?:计|额|预算|决算)|收入支出(?:预算|决算)?总(?:计|额)"),
    subject("收入总计", r"收入(?:预算|决算)?总(?:计|额)"),
    subject("支出总计", r"支出(?:预算|决算)?总(?:计|额)"),
    subject("本年收入合计", r"本年收入(?:合计)?"),
    subject("本年支出合计", r"本年支出(?:合计)?"),
    subject("一般公共预算支出", r"一般公共预算(?:财政)?拨款支出|一般公共预算支出", FISCAL, parts=("基本支出", "项目支出")),
    subject("财政拨款支出", r"财政拨款支出", FISCAL),
    subject("财政拨款收入", r"财政拨款收入", FISCAL),
    subject("基本支出", r"基本支出", parts=("人员经费", "公用经费")),
    subject("项目支出", r"项目支出"),
    subject("人员经费", r"人员经费"),
    subject("公用经费", r"公用经费"),
)
"""The subjects a 预决算 or “三公” 说明 speaks of; table row names (功能分类 类/款/项) are added by the book."""

SUBJECT_NAMES = {
    "收支总计": "收支总计", "收入总计": "收入总计", "支出总计": "支出总计", "本年收入合计": "本年收入合计",
    "本年支出合计": "本年支出合计", "一般公共预算支出": "一般公共预算财政拨款支出", "财政拨款支出": "财政拨款支出",
    "财政拨款收入": "财政拨款收入", "三公": "“三公”经费", "三公.车": "公务用车购置及运行费", "三公.出国": "因公出国（境）费",
    "三公.购置": "公务用车购置费", "三公.运行": "公务用车运行费", "三公.接待": "公务接待费",
    "政府采购": "政府采购总额", "政府采购.货物": "政府采购货物类", "政府采购.工程": "政府采购工程类", "政府采购.服务": "政府采购服务类",
}


def name_of(s: Subject) -> str:
    return s.name or subject_name(s.key)


def subject_name(key: str) -> str:
    return SUBJECT_NAMES.get(key) or COUNT_NAMES.get(key) or key.removeprefix("row:")


FILLER = re.compile(r"(财政拨款|为|是|共|达到|达|约|计|合计|总额|共计|累计|实际|预算数|决算数|预算|决算|支出|安排|资金|金额|数|的|年初|全年|比重|比例|情况|说明|执行)$")
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]|其中[:：]?)")


@functools.lru_cache(maxsize=20000)
def clean_name(name: str) -> str:
    """A row or heading name as a label would say it: no numbering, no spaces, （境） as 境."""
    text = re.sub(r"[\s\u3000]+", "", name)
    text = re.sub(r"[（(]([^（）()]{1,2})[)）]", r"\1", text)
    while True:
        stripped = _NUMBERING.sub("", text)
        if stripped == text:
            return text
        text = stripped


def resolve(label: str, subjects: Sequence[Subject], heads: Iterable[str] = ()) -> Subject | None:
    """The subject a label names (“2024年“三公”经费预算” → 三公), trying it with trailing filler words removed."""
    text = label
    heads = set(heads)
    for _ in range(6):
        for s in subjects:
            if s.under and s.under not in heads:
                continue
            if s.pattern.search(text):
                return s
        stripped = FILLER.sub("", text)
        if stripped == text or not stripped:
            return None
        text = stripped
    return None



COUNT_UNITS = ("辆", "个", "批次", "批", "人次")
COUNTS = {key: subject(key, words, FISCAL) for key, words in (
    ("三公.保有量", "保有量"), ("三公.购置数", "购置"), ("三公.团组", "团组"), ("三公.出国人次", "出国"), ("三公.批次", "接待批次"), ("三公.接待人次", "接待人次"),
)}
"""The counts a “三公” text states (中办发〔2016〕13号): 团组数和人次, 购置数, 保有量, 接待批次和人次."""
COUNT_NAMES = {"三公.保有量": "公务用车保有量", "三公.购置数": "公务用车购置数", "三公.团组": "因公出国（境）团组数",
               "三公.出国人次": "因公出国（境）人次", "三公.批次": "公务接待批次", "三公.接待人次": "公务接待人次"}


