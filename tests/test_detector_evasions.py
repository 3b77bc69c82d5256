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


PROCESS_LIST = (
    "- id: process-info\n  name: 过程性信息\n  basis: 《政府信息公开条例》第十六条第二款\n  markings: [讨论稿]\n"
    "- id: state-secret\n  name: 国家秘密\n  basis: 《政府信息公开条例》第十四条\n  markings: [秘密]\n"
)


def test_negative_list_markings_are_matched_as_a_person_reads_them(make_project):
    """Spaces of any kind or zero-width characters between the characters, full-width brackets,
    Markdown or HTML around a marking alone on its line: the entry is still withheld, at the marking's line."""
    titles = {
        "t1": "年度考核方案（讨 论 稿）",
        "t2": "年度考核方案（讨\u200b论\u2060稿）",
        "t3": "年度考核方案［讨论稿］",
        "t4": "年度考核方案（讨论稿\u3000）",
    }
    bodies = {"b1": "第一段。\n\n<p>秘密</p>\n", "b2": "第一段。\n\n**秘\u00a0密**\n", "b3": "第一段。\n\n# 讨\u3000论\u3000稿\n"}
    files = {"catalog/negative-list.yml": PROCESS_LIST}
    for n, (name, title) in enumerate(titles.items()):
        files[f"catalog/notice/2024/{name}.md"] = notice().replace("title: 公开通知", f"title: {title}").replace("-00001", f"-0001{n}")
    for n, (name, body) in enumerate(bodies.items()):
        files[f"catalog/notice/2024/{name}.md"] = notice(body).replace("-00001", f"-0002{n}")
    result = run(make_project, files)
    warned = {d.file.rsplit("/", 1)[-1][:-3]: d for d in result.diagnostics if d.code == "wall-auto-withheld"}
    assert sorted(warned) == sorted([*titles, *bodies]), [str(d) for d in result.diagnostics]
    assert not result.errors and not result.public.entries
    assert all(warned[t].line == 3 for t in titles)
    assert all(warned[b].line == 11 for b in bodies), [str(warned[b]) for b in bodies]
    assert "“（讨 论 稿）”" in warned["t1"].message  # shown as the editor typed it


def test_a_marking_word_in_a_sentence_is_still_not_a_marking(make_project):
    body = "本方案经讨论稿 修改后印发。\n要保守国家秘 密，也要依法公开。\n"
    result = run(make_project, {"catalog/negative-list.yml": PROCESS_LIST, ENTRY: notice(body)})
    assert not [d for d in result.diagnostics if d.code == "wall-auto-withheld"] and len(result.public.entries) == 1


ID = "441900197709112637"  # a valid check digit


def test_a_number_over_several_table_cells_is_found_where_people_group_or_box_it(make_project, tmp_path):
    """139 | 2647 | 8051 across three cells (Word tabs, Markdown bars), an ID number boxed one digit per cell;
    amounts in adjacent cells and a row of single-digit counts are not numbers."""
    from attachkit import docx

    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    tabs = "<w:p><w:r><w:t>电话</w:t></w:r>" + "".join(f"<w:r><w:tab/><w:t>{g}</w:t></w:r>" for g in ("139", "2647", "8051")) + "</w:p>"
    boxes = "<w:tbl><w:tr>" + cell("身份证号码") + "".join(cell(d) for d in ID) + "</w:tr></w:tbl>"
    counts = "| 项目 | " + " | ".join("13926478051") + " |\n|" + " --- |" * 12 + "\n"
    amounts = "| 项目 | 1392 | 6478 | 051 |\n| --- | --- | --- | --- |\n"
    files = {
        "catalog/notice/2024/a.md": notice(f"| 手机 | 139 | 2647 | 8051 |\n| --- | --- | --- | --- |\n\n{counts}\n{amounts}",
                                           extra="attachments:\n  - file: 电话.docx\n  - file: 登记表.docx\n"),
        "catalog/notice/2024/电话.docx": docx(tabs),
        "catalog/notice/2024/登记表.docx": docx(boxes),
    }
    result = run(make_project, files)
    found = sorted((d.code, d.file.rsplit("/", 1)[-1], d.line) for d in result.errors)
    assert found == [("detect-id-number", "登记表.docx", 1), ("detect-mobile", "a.md", 12), ("detect-mobile", "电话.docx", 1)], [str(d) for d in result.diagnostics]
    assert not any(ID[2:16] in str(d) or "2647" in str(d) for d in result.errors)


def test_markup_does_not_hide_a_number_or_a_marking_the_page_shows(make_project):
    """Entities, inline tags, emphasis and escapes between the digits or characters: the reader sees them joined."""
    bodies = {
        "nbsp": f"手机 {MOB[:3]}&nbsp;{MOB[3:7]}&nbsp;{MOB[7:]}\n",
        "entities": "手机 " + "".join(f"&#{ord(d)};" for d in MOB[:3]) + MOB[3:] + "\n",
        "spans": f"手机 <span>{MOB[:3]}</span><span>{MOB[3:7]}</span>{MOB[7:]}\n",
        "emphasis": f"手机 **{MOB[:3]}**{MOB[3:]}\n",
        "escapes": f"手机 {MOB[:3]}\\-{MOB[3:7]}\\-{MOB[7:]}\n",
        "html-cells": f"<table><tr><td>身份证</td><td>{ID[:6]}</td><td>{ID[6:14]}</td><td>{ID[14:]}</td></tr></table>\n",
        "marking": "&#31192;&#23494;★1年\n",
        "marking-tags": "机<span>密</span>★\n",
    }
    files = {"catalog/negative-list.yml": PROCESS_LIST}
    for n, (name, body) in enumerate(bodies.items()):
        files[f"catalog/notice/2024/{name}.md"] = notice("第一段。\n\n" + body).replace("-00001", f"-0003{n}")
    files["catalog/notice/2024/draft.md"] = notice("（讨<b>论</b>稿）\n\n正文。\n").replace("-00001", "-00040")
    result = run(make_project, files)
    found = {d.file.rsplit("/", 1)[-1][:-3]: d for d in result.diagnostics}
    expected = {"nbsp": "detect-mobile", "entities": "detect-mobile", "spans": "detect-mobile", "emphasis": "detect-mobile",
                "escapes": "detect-mobile", "html-cells": "detect-id-number", "marking": "wall-auto-withheld", "marking-tags": "detect-marking",
                "draft": "wall-auto-withheld"}
    assert {name: d.code for name, d in found.items()} == expected, [str(d) for d in result.diagnostics]
    assert all(d.line == 11 for name, d in found.items() if name != "draft"), [str(d) for d in found.values()]
    assert found["draft"].line == 9 and "讨<b>论</b>稿" in found["draft"].message
    assert not any(MOB[3:7] in str(d) or ID[6:14] in str(d) for d in result.diagnostics)


def test_a_mobile_number_written_with_dots_slashes_or_spaced_hyphens_is_found(make_project):
    body = (f"甲 {MOB[:3]}.{MOB[3:7]}.{MOB[7:]}\n\n乙 {MOB[:3]}/{MOB[3:7]}/{MOB[7:]}\n\n丙 {MOB[:3]}·{MOB[3:7]}·{MOB[7:]}\n\n"
            f"丁 {MOB[:3]} - {MOB[3:7]} - {MOB[7:]}\n\n坐标 113.26478051，金额 159.13572468，版本 1.5913.5724.68\n")
    result = run(make_project, {ENTRY: notice(body)})
    assert sorted((d.code, d.line) for d in result.errors) == [("detect-mobile", line) for line in (9, 11, 13, 15)], [str(d) for d in result.errors]
