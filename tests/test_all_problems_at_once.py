"""One ``check`` reports every problem of a file: a schema error no longer hides what the rules find in the rest.

An entry with a missing title, a date written 2024年2月6日 and a bad 文号 still has its tables summed
and its organ looked up; nothing is said about the fields in error beyond their own message.
"""

from __future__ import annotations

from kinds_fixtures import BUDGET, THREE_PUBLIC_2024, change, check, found

PATH = "catalog/budget/2024/a.yml"
THREE = "catalog/three_public/2024/b.yml"
SUM = ("{code: \"20106\", name: 财政事务, values: [95.00, 60.00, 35.00]}", "{code: \"20106\", name: 财政事务, values: [96.00, 61.00, 35.00]}")


def codes(result, path: str = PATH) -> list[str]:
    return [code for _, code, severity in found(result, path) if severity == "error"]


def test_schema_errors_no_longer_hide_the_rules(make_project):
    text, sum_line = change(BUDGET, *SUM)
    text = (text.replace("title: 示例市财政局2024年部门预算\n", "")
            .replace("published: 2024-02-06", "published: 2024年2月6日")
            .replace("organ: demo-finance", "organ: demo-financ\ndoc_no: 示财[2024]1号"))
    result = check(make_project, {PATH: text, THREE: THREE_PUBLIC_2024})
    got = codes(result)
    assert "missing-field" in got and "date-format" in got and "doc-no-brackets" in got
    assert "unknown-organ" in got  # the registry rule ran on the entry with schema errors
    assert any(line == sum_line and code == "budget-parent-sum" for line, code, _ in found(result, PATH)), found(result, PATH)  # a line out, a line in
    lines = [str(d) for d in result.diagnostics if d.file == PATH]
    assert not any("（未填写）" in line for line in lines), lines  # the placeholder title is never quoted
    assert sum(1 for line in lines if line.split(": ", 2)[1].startswith("title(")) == 1, lines  # only "title missing"
    assert result.public is None and len(result.catalog.entries) == 1  # never published: only the 三公 entry loaded


def test_a_clean_entry_with_the_same_tables_gives_the_same_rule_findings(make_project):
    """What the rules say about a salvaged entry is what they say once its schema errors are fixed: no follow-ons, nothing lost."""
    text, _ = change(BUDGET, *SUM)
    clean = {(line, code) for line, code, _ in found(check(make_project, {PATH: text, THREE: THREE_PUBLIC_2024}), PATH)}
    broken = text.replace("title: 示例市财政局2024年部门预算\n", "title:\n")  # the same lines, the title left empty
    salvaged = {(line, code) for line, code, _ in found(check(make_project, {PATH: broken, THREE: THREE_PUBLIC_2024}), PATH)}
    assert salvaged - clean == {(2, "missing-field")}, salvaged ^ clean
    assert clean - salvaged == set(), clean - salvaged


def test_a_missing_organ_is_not_guessed(make_project):
    """The organ is what other checks hang on: without it the entry is not checked further (and no rule invents a follow-on)."""
    text = BUDGET.replace("organ: demo-finance\n", "")
    result = check(make_project, {PATH: text})
    assert codes(result) == ["missing-field"], found(result, PATH)
