"""Evasions by ordinary typing, through the whole pipeline: the finding is located in the
editor's file and shows nothing of the value."""

from __future__ import annotations

from plugins.core import pipeline

MOB = "15913572468"
ENTRY = "catalog/notice/2024/a.md"


def notice(body: str = "正文。\n", extra: str = "") -> str:
    return (
        "---\nkind: notice\ntitle: 公开通知\nindex_no: 11441900007330235A/2024-00001\norgan: demo-office\n"
        f"published: 2024-01-02\ndisclosure: 主动公开\n{extra}---\n{body}"
    )


def run(make_project, files):
    root = make_project(files)
    return pipeline.run(root / "catalog", root)


def test_number_split_over_two_yaml_list_items_is_found_at_the_first(make_project):
    result = run(make_project, {ENTRY: notice(extra=f'keywords: [值班, "{MOB[:3]} {MOB[3:7]}", "{MOB[7:]}"]\n')})
    (hit,) = result.errors
    assert (hit.code, hit.line, hit.field) == ("detect-mobile", 8, "keywords[1]")
    assert MOB[3:7] not in str(hit) and "末两位 68" in str(hit)


def test_wrapped_and_spaced_values_in_a_body_point_at_their_line(make_project):
    body = f"第一段。\n联系人王某，电话\u3000{MOB[:3]}\u00a0{MOB[3:7]}\n{MOB[7:]}；\n\n秘\u3000密★1年\n"
    result = run(make_project, {ENTRY: notice(body)})
    found = sorted((d.code, d.line, d.column) for d in result.errors)
    assert found == [("detect-marking", 13, 1), ("detect-mobile", 10, 10)], found
    marking = next(d for d in result.errors if d.code == "detect-marking")
    assert "秘\u3000密★1年" in marking.message  # a marking is shown as written: it is not a secret value


def test_negative_list_patterns_see_through_zero_width_characters_and_show_nothing(make_project):
    negative = (
        "- id: internal-affairs\n  name: 内部事务信息\n  basis: 《政府信息公开条例》第十六条第一款\n"
        "  patterns: ['干部考察材料（[^）]*）']\n"
    )
    body = "附：干部\u200b考察材料（张某某）\n"
    result = run(make_project, {"catalog/negative-list.yml": negative, ENTRY: notice(body)})
    (hit,) = result.errors
    assert hit.code == "detect-pattern" and hit.line == 9 and "张某某" not in str(hit) and "internal-affairs" in hit.message


def test_redact_pattern_in_an_attachment_is_not_quoted(make_project):
    negative = (
        "- id: privacy\n  name: 个人隐私\n  basis: 《政府信息公开条例》第十五条\n  action: redact\n"
        "  patterns: ['家庭住址[:：]\\s*(?P<value>[^\\s，。]+)']\n"
    )
    files = {
        "catalog/negative-list.yml": negative,
        ENTRY: notice(extra="attachments:\n  - file: 名单.txt\n"),
        "catalog/notice/2024/名单.txt": "说明\n家庭住址：翠竹路九号\n",
    }
    result = run(make_project, files)
    (hit,) = result.errors
    assert (hit.code, hit.file, hit.line) == ("wall-redact-attachment", "catalog/notice/2024/名单.txt", 2)
    assert "翠竹" not in str(hit) and "九号" not in str(hit)
