"""Typical typing slips are named as such, on their line, with the fix — and YAML's own puzzling words are not repeated."""

from __future__ import annotations

import pytest

from conftest import POLICY
from kinds_fixtures import check

ENTRY = "catalog/policy/2024/yaodian.yml"


def lines_of(make_project, text: str, name: str = ENTRY) -> list[str]:
    result = check(make_project, {name: text})
    return [str(d) for d in result.diagnostics if d.file == name]


SLIPS = [
    ("full-width colon", POLICY.replace("title: 示例", "title：示例"), "yaml-full-width-colon", ":2:6:", "改为半角冒号加一个空格：title:"),
    ("tab indent", POLICY.replace("topics: [zwgk]", "topics:\n\t- zwgk"), "yaml-tab-indent", ":8:1:", "Tab"),
    ("full-width space indent", POLICY.replace("topics: [zwgk]", "topics:\n\u3000\u3000- zwgk"), "yaml-full-width-space", ":8:1:", "全角空格"),
    ("dash without space", POLICY.replace("topics: [zwgk]", "topics:\n  -zwgk"), "yaml-dash-space", ":8:3:", "- zwgk"),
    ("Chinese quotes", POLICY.replace("title: 示例市政务公开工作要点", "title: “示例市政务公开工作要点”"), "yaml-chinese-quotes", ":2:8:", "中文引号"),
    ("Chinese label as key", POLICY.replace("title: 示例", "标题: 示例"), "key-chinese-label", ":2:1:", "改为 title:"),
    ("Chinese comma in a list", POLICY.replace("topics: [zwgk]", "topics: [zwgk，zwgk]"), "yaml-chinese-comma", ":7:", "[czys, zwgk]"),
]


@pytest.mark.parametrize(("case", "text", "code", "where", "fix"), SLIPS, ids=[case for case, *_ in SLIPS])
def test_a_slip_is_named_with_its_line_and_fix(make_project, case, text, code, where, fix):
    lines = lines_of(make_project, text)
    hits = [line for line in lines if f"[{code}]" in line]
    assert len(hits) == 1, lines
    assert f"{ENTRY}{where}" in hits[0] and fix in hits[0]
    assert not any("[yaml-syntax]" in line or "[entry-format]" in line or "[list-type]" in line for line in lines), lines
    if code == "key-chinese-label":  # not also "unknown key 标题" and "title missing"
        assert not any("[unknown-field]" in line or "[missing-field]" in line for line in lines), lines


def test_a_block_of_body_text_may_hold_tabs_and_full_width_spaces(make_project):
    text = POLICY.replace("body: 各区人民政府，市府直属各单位。", "body: |\n  各区人民政府：\n  \u3000\u3000为做好工作，现通知如下：\n  \t（一）加强领导。") + "title：重复\n"
    lines = lines_of(make_project, text)
    assert [line for line in lines if "[yaml-full-width-space]" in line or "[yaml-tab-indent]" in line] == [], lines
    assert any("[yaml-full-width-colon]" in line and ":14:" in line for line in lines), lines


def test_a_clean_entry_has_no_slip(make_project):
    assert not [line for line in lines_of(make_project, POLICY.replace("示例市政务公开工作要点", "关于“放管服”改革的通知")) if "yaml-" in line or "key-chinese" in line]


@pytest.mark.parametrize(("case", "text", "code"), [slip[:3] for slip in SLIPS[:4]], ids=[case for case, *_ in SLIPS[:4]])
def test_a_slip_that_breaks_the_yaml_does_not_hide_the_files_other_problems(make_project, case, text, code):
    text = text.replace("published: 2024-03-05", "published: 2024年3月5日").replace("organ: demo-office", "organ: no-such-office")
    lines = lines_of(make_project, text)
    assert any(f"[{code}]" in line for line in lines), lines
    assert any("published(发布日期)" in line and "[date-format]" in line and "应写作 2024-03-05" in line for line in lines), lines
    assert any("organ(发布机构)" in line and "no-such-office" in line for line in lines), lines  # the rules still read its other fields
    assert not any("[yaml-syntax]" in line or "[missing-field]" in line for line in lines), lines


def test_an_entry_with_a_repaired_slip_is_never_published(make_project):
    result = check(make_project, {ENTRY: POLICY.replace("title: 示例", "title：示例")})
    assert not [entry for entry in result.catalog.entries if entry.source == ENTRY]
