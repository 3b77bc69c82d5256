"""The negative list's text rules, searched only where a match can start, find exactly what ``re`` finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

from plugins.core.wall import screen

ROOT = Path(__file__).resolve().parents[1]


def _demo_patterns() -> list[str]:
    items = yaml.safe_load((ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8"))
    return [p for item in items for p in item.get("patterns") or []]


RULES = [
    *_demo_patterns(),
    r"(?:病历号|住院号)\s*[:：]\s*(?P<value>[0-9A-Za-z-]{4,30})",
    r"(?:内部)?资料",
    r"a*b",
    r"(?:ab)+c|[x-z]{2}",
    r"(?<=编号)\d+",  # a look-behind at the start: not screened
    r"^家住",  # an anchor: not screened
    r"(?i)abc",  # ignore-case: not screened
    r"\d{3}号",  # a category: not screened
    r"(?:联系人)?电话[:：]\d+",
    r"(?>家庭)住址",
]
ALPHABET = "家庭现居户籍住址地址病历号：: 为是于北京市某路9号a b c x y z 电话联系人0123456789资料内部编号\n，。"


def _texts(count: int) -> list[str]:
    rng = random.Random(18)
    texts = ["", "家", "家住", "家庭住址：广东省 东莞市 某路 9 号，病历号: AB1234 现居于北京"]
    for _ in range(count):
        texts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 80))))
    return texts


def test_screened_search_finds_what_re_finds() -> None:
    texts = _texts(3000)
    hits = 0
    for rule in RULES:
        pattern = re.compile(rule)
        for text in texts:
            want = pattern.search(text)
            got = screen.search(pattern, text)
            assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict())), (rule, text)
            assert [m.span() for m in screen.finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)], (rule, text)
            hits += want is not None
    assert hits > 1000  # the texts do hit the rules, so equality is not of empty results


def test_the_address_rule_is_screened_and_unbounded_rules_are_not() -> None:
    address = re.compile(_demo_patterns()[0])
    assert screen.first_chars(address) == frozenset("家现户居住")
    for rule in (r"(?<=编号)\d+", r"^家住", r"(?i)abc", r"\d{3}号", r"x?", r"[^a]b", r".b"):
        assert screen.first_chars(re.compile(rule)) is None, rule
    assert screen.first_chars(re.compile(r"a*b")) == frozenset("ab")
