"""The wall as an editor meets it: located messages for detector hits, the allowlist,
the negative list's own format, automatic withholding and redaction."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from plugins.core import pipeline
from plugins.core.wall.allowlist import new_value_item
from plugins.core.problems.detectors import id_check_digit

ROOT = Path(__file__).resolve().parent.parent
ID = "441900199001011231"
assert id_check_digit(ID[:17]) == ID[17]
MOBILE = "13912345678"


def notice(title="公开通知", disclosure="主动公开", extra="", body="正文。\n", index=1) -> str:
    exemption = "" if disclosure == "主动公开" else "exemption: privacy\n"
    return (
        f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: {disclosure}\n{exemption}{extra}---\n{body}"
    )


def run(make_project, files):
    root = make_project(files)
    return pipeline.run(root / "catalog", root), root


def codes(result):
    return sorted(d.code for d in result.diagnostics)


# --- detector hits ---------------------------------------------------------------


def test_id_number_in_a_markdown_body_is_located_and_masked(make_project):
    body = "第一段。\n\n第二段，申请人身份证号 " + ID + "。\n"
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(body=body)})
    assert result.public is None
    (hit,) = [d for d in result.errors if d.code == "detect-id-number"]
    assert (hit.file, hit.line, hit.field, hit.label) == ("catalog/notice/2024/a.md", 11, "body", "正文")
    text = str(hit)
    assert "共 18 位，末两位 31" in text and not any(ID[i: i + 4] in text for i in range(len(ID) - 3))
    assert "python build.py allow catalog/notice/2024/a.md:11 --reason" in text and "删除身份证号码" in text


def test_hit_in_a_yaml_block_body_and_a_nested_field_points_at_its_own_line(make_project):
    entry = textwrap.dedent(
        f"""\
        kind: procurement
        title: 采购意向公开
        index_no: 11441900007330235A/2024-00001
        organ: demo-office
        published: 2024-01-05
        disclosure: 主动公开
        project_no: SF2024-1
        notice_type: 采购意向
        project_name: 办公设备采购
        requirement: 采购办公设备一批
        budget_amount: 100000
        planned: 2024-06
        purchaser: 示例市人民政府办公室
        body: |
          一、项目概况
          二、联系方式：{MOBILE[:3]} {MOBILE[3:7]} {MOBILE[7:]}
        """
    )
    result, _ = run(make_project, {"catalog/procurement/2024/p.yml": entry})
    hits = [d for d in result.errors if d.code == "detect-mobile"]
    assert [(d.line, d.field) for d in hits] == [(16, "body")]
    assert "末两位 78" in str(hits[0]) and MOBILE[:4] not in str(hits[0]) and "5678" not in str(hits[0])


def test_withheld_parts_are_not_scanned_but_published_metadata_is(make_project):
    result, _ = run(
        make_project,
        {
            "catalog/notice/2024/a.md": notice(disclosure="依申请公开", body=f"正文中的 {ID}\n", index=1),
            "catalog/notice/2024/b.md": notice(disclosure="不予公开", title=f"标题 {MOBILE}", body=f"{ID}\n", index=2),
            "catalog/notice/2024/c.md": notice(disclosure="依申请公开", extra=f"summary: 联系电话 {MOBILE}\n", index=3),
        },
    )
    hits = [(d.file, d.field) for d in result.errors]
    assert hits == [("catalog/notice/2024/c.md", "summary")]


def test_text_attachment_is_scanned_with_its_own_line(make_project):
    result, _ = run(
        make_project,
        {
            "catalog/notice/2024/a.md": notice(extra="attachments:\n  - file: 名单.csv\n"),
            "catalog/notice/2024/名单.csv": f"姓名,卡号\n王某,{'6222021234567890128'}\n".replace("卡号", "银行卡号"),
        },
    )
    (hit,) = result.errors
    assert (hit.code, hit.file, hit.line, hit.field) == ("detect-bank-card", "catalog/notice/2024/名单.csv", 2, "attachments[0]")


def test_marking_in_a_public_body_fails_and_shows_the_marking(make_project):
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(body="正文。\n引用的文件标注“秘密★5年”。\n")})
    (hit,) = result.errors
    assert hit.code == "detect-marking" and "秘密★5年" in hit.message and hit.line == 10


def test_a_list_pattern_in_a_public_entry_fails(make_project):
    negative = "- id: internal-affairs\n  name: 内部事务信息\n  basis: 《政府信息公开条例》第十六条第一款\n  patterns: ['干部考察材料（[^）]*）']\n"
    result, _ = run(make_project, {"catalog/negative-list.yml": negative, "catalog/notice/2024/a.md": notice(body="附：干部考察材料（张某）\n")})
    (hit,) = result.errors
    assert hit.code == "detect-pattern" and "internal-affairs" in hit.message and "张某" not in hit.message


# --- allowlist ------------------------------------------------------------------------


def test_allowlist_accepts_one_reviewed_value_and_reports_stale_items(make_project):
    allow = new_value_item("catalog/notice/2024/a.md", "mobile", MOBILE, 9, "单位对外公布的值班手机，经保密审查同意公开")
    allow += new_value_item("catalog/notice/2024/gone.md", "mobile", "13800138000", 9, "旧条目")
    files = {"catalog/notice/2024/a.md": notice(body=f"值班电话 {MOBILE}；另有 {ID}\n"), "catalog/detector-allowlist.yml": allow}
    result, _ = run(make_project, files)
    assert [d.code for d in result.errors] == ["detect-id-number"]  # the allowlist item covers one value only
    (stale,) = [d for d in result.diagnostics if d.code == "allowlist-stale"]
    assert (stale.file, stale.line, stale.is_error) == ("catalog/detector-allowlist.yml", 7, False)
    assert MOBILE not in allow and "13800138000" not in allow


def test_allowlist_items_need_a_reason_and_never_hold_the_value(make_project):
    good = new_value_item("catalog/notice/2024/a.md", "mobile", MOBILE, 9, "x").split("\n")[3]
    allow = textwrap.dedent(
        f"""\
        - file: catalog/notice/2024/a.md
          detector: mobile
        {good}
        - file: catalog/notice/2024/a.md
          detector: phone
          value: "{MOBILE}"
          hash: {MOBILE}
          reason: 热线
        """
    )
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(body=f"{MOBILE}\n"), "catalog/detector-allowlist.yml": allow})
    found = {(d.code, d.line) for d in result.errors}
    assert ("allowlist-reason-missing", 1) in found
    assert ("allowlist-unknown-detector", 5) in found
    assert ("allowlist-format", 6) in found  # the raw value
    assert ("allowlist-hash", 7) in found
    assert result.public is None


# --- the negative list's own format ---------------------------------------------------------


def test_negative_list_problems_are_located(make_project):
    negative = textwrap.dedent(
        """\
        - id: privacy
          name: 个人隐私
          basis: 《政府信息公开条例》第十五条
          action: hide
          detectors: [id-number, passport]
          patterns: ['住址[:：](?P<value>[^，]+', '.*']
        - id: secret
          name: 国家秘密
          markings: [绝密]
          covers:
            kinds: [secret-kind]
            topics: [nope]
          fields: [summary]
          colour: red
        - id: other
          name: 其他
          basis: 内部规定第三条
        """
    )
    result, _ = run(make_project, {"catalog/negative-list.yml": negative})
    found = {(d.code, d.line) for d in result.errors}
    assert {
        ("negative-list-action", 4), ("negative-list-detector", 5), ("negative-list-regex", 6),
        ("negative-list-basis", 7), ("negative-list-article", 7), ("negative-list-kind", 11), ("negative-list-topic", 12),
        ("negative-list-field", 13), ("negative-list-unknown-key", 14), ("negative-list-basis", 17),
    } <= found
    regex = next(d for d in result.errors if d.code == "negative-list-regex" and d.field == "[0].patterns[0]")
    assert "正则" in regex.message and "括号" in regex.fix
    assert any(d.field == "[0].patterns[1]" and "空文字" in d.message for d in result.errors)


def test_the_shipped_negative_list_is_valid_and_keeps_its_ids():
    from plugins.core.load.registries import load_registry
    from plugins.core.load.model import Catalog
    from plugins.core.kinds import KINDS
    from plugins.core.load.kind import KindSet
    from plugins.core.wall.negative_list import check, compile_items

    path = ROOT / "catalog" / "negative-list.yml"
    items, problems = load_registry(path, ROOT)
    catalog = Catalog(root=ROOT, kinds=KindSet(KINDS))
    problems += check(path, ROOT, catalog)
    assert problems == []
    assert {"state-secret", "law-forbidden", "security-stability", "trade-secret", "privacy", "internal-affairs", "process-info", "enforcement-case"} <= set(items)
    compiled = {i.id: i for i in compile_items(items, catalog.kinds)}
    assert {i.article for i in compiled.values()} == {"第十四条", "第十五条", "第十六条"}
    assert set(compiled["privacy"].detectors) == {"id-number", "mobile", "bank-card"}
    assert compiled["state-secret"].detectors == ("classification-marking",)


# --- automatic withholding and redaction --------------------------------------------------------


def test_marked_entry_is_withheld_with_a_warning(make_project):
    negative = "- id: internal-affairs\n  name: 内部事务信息\n  basis: 《政府信息公开条例》第十六条第一款\n  markings: [内部资料]\n"
    result, _ = run(make_project, {"catalog/negative-list.yml": negative, "catalog/notice/2024/a.md": notice(title="（内部资料）考核细则")})
    assert result.public is not None and result.public.entries == []
    (warning,) = result.diagnostics
    assert warning.code == "wall-auto-withheld" and not warning.is_error and warning.line == 3
    assert result.public.withheld_by_item == {"internal-affairs": 1} and result.public.withheld_by_article == {"第十六条": 1}


def test_redaction_removes_the_value_from_every_copy_in_the_entry(make_project):
    negative = textwrap.dedent(
        """\
        - id: privacy
          name: 个人隐私
          basis: 《政府信息公开条例》第十五条
          action: redact
          patterns: ['家庭住址[:：](?P<value>[^，。\\s]+)']
        - id: experts
          name: 专家个人信息
          basis: 《政府信息公开条例》第十五条
          action: redact
          covers: {kinds: [procurement]}
          fields: [suppliers.address, budget_amount]
        """
    )
    entry = textwrap.dedent(
        """\
        kind: procurement
        title: 中标结果公告
        index_no: 11441900007330235A/2024-00001
        organ: demo-office
        published: 2024-01-05
        disclosure: 主动公开
        project_no: SF2024-1
        notice_type: 采购意向
        project_name: 办公设备采购
        requirement: 采购办公设备一批
        budget_amount: 100000
        planned: 2024-06
        purchaser: 示例市人民政府办公室
        summary: 供应商家庭住址:翠竹路九号。
        suppliers:
          - name: 李某（个体工商户）
            address: 翠竹路九号
        body: |
          联系人家庭住址：翠竹路九号，电话略。
        """
    )
    result, _ = run(make_project, {"catalog/negative-list.yml": negative, "catalog/procurement/2024/p.yml": entry})
    assert result.public is not None, [str(d) for d in result.diagnostics]
    (public,) = result.public.entries
    dump = repr(public.meta.model_dump()) + public.body + repr(public.meta.body)
    assert "翠竹路九号" not in dump and "100000" not in dump
    assert public.body.startswith("联系人家庭住址：■■■（依据《政府信息公开条例》第十五条不予公开）")
    assert public.meta.suppliers[0].address.startswith("■■■") and public.meta.budget_amount is None
    assert public.redactions == {"summary": "privacy", "suppliers[0].address": "experts", "body": "privacy", "budget_amount": "experts"}
    assert result.catalog.entries[0].meta.suppliers[0].address == "翠竹路九号"  # the loaded entry is untouched
    assert result.public.redacted_by_item == {"privacy": 2, "experts": 2}


def test_a_public_entry_may_not_publish_a_withheld_entrys_files(make_project):
    result, _ = run(
        make_project,
        {
            "catalog/notice/2024/secret.md": notice(disclosure="不予公开", extra="attachments:\n  - file: 名单.pdf\n", index=2),
            "catalog/notice/2024/名单.pdf": b"%PDF-1.4 secret",
            "catalog/notice/2024/a.md": notice(extra="attachments:\n  - file: 名单.pdf\n  - file: secret.md\n"),
        },
    )
    found = [(d.code, d.field) for d in result.errors]
    # secret.md is an entry file: the attachment policy refuses it before the wall reads it
    assert sorted(found) == [("attachment-of-withheld", "attachments[0].file"), ("attachment-project-file", "attachments[1].file")]


def test_catalog_inside_docs_dir_is_never_copied_raw(build_site, tmp_path):
    site = build_site(
        {
            "content/catalog/organs.yml": "- id: demo-office\n  name: 示例市人民政府办公室\n  uscc: 11441900007330235A\n",
            "content/catalog/topics.yml": "- id: zwgk\n  name: 政务公开\n",
            "content/catalog/negative-list.yml": "- id: privacy\n  name: 个人隐私\n  basis: 《政府信息公开条例》第十五条\n",
            "content/catalog/notice/2024/secret.md": notice(disclosure="不予公开", title="不予公开的标题甲乙丙", index=2),
            "content/catalog/notice/2024/public.md": notice(title="公开标题"),
        },
        plugins=[{"gk-catalog": {"catalog_dir": "content/catalog"}}],
    )
    written = [p for p in site.rglob("*") if p.is_file()]
    assert not any("secret" in p.as_posix() or p.suffix == ".yml" for p in written)
    assert not any("不予公开的标题甲乙丙" in p.read_text(encoding="utf-8", errors="ignore") for p in written)
    assert any("公开标题" in p.read_text(encoding="utf-8", errors="ignore") for p in written if p.suffix == ".html")


def test_build_py_check_prints_counts_only(make_project):
    root = make_project(
        {
            "catalog/notice/2024/secret.md": notice(disclosure="不予公开", title="机密标题丁戊己", index=2),
            "catalog/notice/2024/ask.md": notice(disclosure="依申请公开", title="依申请的标题", index=3),
            "catalog/notice/2024/a.md": notice(),
        }
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "check"],
        capture_output=True, text=True, timeout=120, cwd=root,
    ).stdout
    assert "不予公开 1 个" in out and "第十五条 1 个" in out and "依申请公开 1 个" in out
    assert "机密标题丁戊己" not in out and "依申请的标题" not in out


def test_detector_hits_are_listed_together_with_other_errors(make_project):
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(body=f"{ID}\n", extra="organ_x: 1\n"), "catalog/notice/2024/b.md": notice(body=f"{MOBILE}\n", extra="topics: [nope]\n", index=2)})
    assert {"unknown-field", "unknown-topic", "detect-mobile"} <= set(codes(result))


def test_word_attachment_text_is_scanned(make_project, tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", f"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:p><w:r><w:t>第一段</w:t></w:r></w:p><w:p><w:r><w:t>身份证号{ID[:9]}</w:t></w:r><w:r><w:t>{ID[9:]}</w:t></w:r></w:p></w:body></w:document>")
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(extra="attachments:\n  - file: 名单.docx\n"), "catalog/notice/2024/名单.docx": buffer.getvalue()})
    (hit,) = result.errors
    assert (hit.code, hit.file, hit.line) == ("detect-id-number", "catalog/notice/2024/名单.docx", 2)
