"""build.py review on real git repositories in tmp_path: what a change publishes, as a reviewer reads it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import POLICY, write_files

ROOT = Path(__file__).resolve().parent.parent

BASE_POLICY = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:")

PUBLIC = """\
kind: notice
title: 示例市2024年政务公开培训安排的通知
organ: demo-office
published: 2024-04-02
topics: [zwgk]
disclosure: 主动公开
summary: 安排2024年全市政务公开业务培训。
body: 各区政务公开办公室：定于4月中旬举办政务公开业务培训。
"""

WITHHELD = """\
kind: notice
title: 关于调整考核评分权重的请示
organ: demo-office
published: 2024-04-03
topics: [zwgk]
disclosure: 不予公开
exemption: process-info
exemption_reason: 请示报告属于过程性信息，尚未形成正式决定。
summary: 请示调整考核评分权重。
body: 拟将主动公开指标权重由百分之二十调整为百分之三十。
"""


def id_number(first17: str = "44190019850307123") -> str:
    """A made-up 公民身份号码 with a valid GB 11643 check digit."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


ID = id_number()

WITH_ID = f"""\
kind: notice
title: 关于2024年困难群众临时救助对象的公示
organ: demo-office
published: 2024-04-05
topics: [zwgk]
disclosure: 主动公开
summary: 公示2024年第一批临时救助对象。
body: 救助对象：李某，身份证号 {ID}，救助金额 2000 元。
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=审查测试", "-c", "user.email=review@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return done.stdout


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(make_project):
    """A catalog repository whose first commit (tag ``base``) holds one public policy."""
    root = make_project({"catalog/policy/2024/yaodian.yml": BASE_POLICY})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "基准版本")
    git(root, "tag", "base")
    return root


def review(root: Path, *args: str, out: str = "out") -> tuple[subprocess.CompletedProcess[str], str, dict]:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "review", "--base", "base", "--out", str(root / out), *args],
        capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    md = (root / out / "review.md").read_text(encoding="utf-8") if (root / out / "review.md").exists() else ""
    data = json.loads((root / out / "review.json").read_text(encoding="utf-8")) if (root / out / "review.json").exists() else {}
    return proc, md, data


def add_three_entries(root: Path) -> None:
    write_files(root, {
        "catalog/notice/2024/peixun.yml": PUBLIC,
        "catalog/notice/2024/qingshi.yml": WITHHELD,
        "catalog/notice/2024/jiuzhu.yml": WITH_ID,
    })
    commit_all(root, "三个新条目")


def by_source(data: dict) -> dict[str, dict]:
    return {r["source"]: r for r in data["records"]}


def test_report_lists_exactly_the_three_new_entries_with_their_reasons(repo):
    add_three_entries(repo)
    _, md, data = review(repo)
    records = by_source(data)
    assert set(records) == {"catalog/notice/2024/peixun.yml", "catalog/notice/2024/qingshi.yml", "catalog/notice/2024/jiuzhu.yml"}

    public = records["catalog/notice/2024/peixun.yml"]
    assert public["change"] == "published" and public["public"] is True
    assert public["disclosure"] == "主动公开" and public["exemption"] is None
    # no index_no in the file yet: the report says so, and the page's address does not hang on the preview number
    assert public["index_no"].startswith("11441900007330235A/2024-") and public["url"] == "/xxgk/draft/notice/2024/peixun/"
    assert public["index_no_pending"] is True
    assert public["body"] == "各区政务公开办公室：定于4月中旬举办政务公开业务培训。"

    withheld = records["catalog/notice/2024/qingshi.yml"]
    assert withheld["change"] == "withheld" and withheld["public"] is False
    assert withheld["url"] == "" and withheld["body"] == "" and withheld["fields"] == []
    assert withheld["exemption"] == {
        "id": "process-info", "name": "过程性信息", "basis": "《政府信息公开条例》第十六条第二款",
        "reason": "请示报告属于过程性信息，尚未形成正式决定。",
    }
    assert records["catalog/notice/2024/jiuzhu.yml"]["change"] == "published"

    # the Markdown lays each out as the review record
    for label in ("信息名称", "内容摘要", "拟公开方式", "公开范围", "公开时间", "不予公开理由和依据"):
        assert md.count(f"| {label} |") == 3
    assert "过程性信息（《政府信息公开条例》第十六条第二款；负面清单编号 process-info）" in md
    assert "请示报告属于过程性信息，尚未形成正式决定。" in md
    # the reviewer sees the withheld title and summary, never its body
    assert "关于调整考核评分权重的请示" in md and "请示调整考核评分权重。" in md
    assert "百分之三十" not in md and "百分之三十" not in json.dumps(data, ensure_ascii=False)
    # the annual-report figures move by exactly one withheld item under 第十六条第二款
    counts = {row["label"]: (row["before"], row["after"]) for row in data["counts"]}
    assert counts["不予公开：过程性信息（《政府信息公开条例》第十六条第二款）"] == (0, 1)
    assert counts["主动公开条目"] == (1, 3)


def test_pasted_id_number_blocks_publication_and_is_shown_masked(repo):
    add_three_entries(repo)
    proc, md, data = review(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert data["blocked"] is True
    hits = [f for f in data["findings"] if f["file"] == "catalog/notice/2024/jiuzhu.yml"]
    assert hits and all(f["code"].startswith("detect-") and f["line"] >= 1 for f in hits)
    assert "❌ 不能合并" in md
    record = by_source(data)["catalog/notice/2024/jiuzhu.yml"]
    assert record["findings"], "the finding is shown on the entry's record too"
    # the raw number appears nowhere, the masked one does
    everything = md + json.dumps(data, ensure_ascii=False) + proc.stdout + proc.stderr
    assert ID not in everything
    assert "*" * 16 + ID[-2:] in json.dumps(data, ensure_ascii=False)
    leaked = [ID[i: i + 6] for i in range(6, len(ID) - 5) if ID[i: i + 6] in everything]  # 441900 is also the organ's
    assert not leaked, (leaked, [line for line in everything.splitlines() if any(x in line for x in leaked)][:3])


def test_public_comment_names_public_entries_only(repo):
    add_three_entries(repo)
    _, md, data = review(repo, "--public-comment", out="public")
    assert "示例市2024年政务公开培训安排的通知" in md
    assert "关于调整考核评分权重的请示" not in md and "请示调整考核评分权重" not in md
    assert "过程性信息，尚未形成正式决定" not in md
    # the entry with the ID number is counted, not named, until it is fixed
    assert "关于2024年困难群众临时救助对象的公示" not in md
    assert "另有 2 个条目不予公开、停止公开、无法读取或有检测发现（只计数，不列标题）" in md
    assert data["variant"] == "public" and data["records_not_listed"] == 2
    assert [r["title"] for r in data["records"]] == ["示例市2024年政务公开培训安排的通知"]
    assert "关于调整考核评分权重的请示" not in json.dumps(data, ensure_ascii=False)
    assert ID not in md + json.dumps(data, ensure_ascii=False)


def test_changed_public_entry_shows_changed_fields_and_body_diff(repo):
    text = BASE_POLICY.replace("示例市政务公开工作要点", "示例市2024年政务公开工作要点").replace(
        "body: 各区人民政府，市府直属各单位。", "body: |\n  各区人民政府，市府直属各单位。\n  现将工作要点印发给你们。\n")
    write_files(repo, {"catalog/policy/2024/yaodian.yml": text})
    proc, md, data = review(repo)  # uncommitted working-tree changes are what is reviewed
    assert proc.returncode == 0, proc.stderr
    [record] = data["records"]
    assert record["change"] == "changed" and record["index_no"] == "11441900007330235A/2024-00001"
    assert {f["key"]: (f["old"], f["new"]) for f in record["fields"]} == {"title": ("示例市政务公开工作要点", "示例市2024年政务公开工作要点")}
    assert "+现将工作要点印发给你们。" in record["body_diff"]
    assert "| 标题（`title`） | 示例市政务公开工作要点 | 示例市<ins>2024年</ins>政务公开工作要点 |" in md  # what changed, not the whole title
    assert "- 正文第 2 行：<ins>现将工作要点印发给你们。</ins>" in md and "✅ 没有阻止发布的问题" in md


def test_withdrawing_and_reclassifying_are_reported_with_the_reason(repo):
    write_files(repo, {"catalog/policy/2024/yaodian.yml": BASE_POLICY.replace(
        "disclosure: 主动公开", "disclosure: 不予公开\nexemption: state-secret\nexemption_reason: 经保密部门确定为国家秘密。")})
    proc, md, data = review(repo)
    [record] = data["records"]
    assert record["change"] == "unpublished" and record["previous_disclosure"] == "主动公开"
    assert record["exemption"]["basis"] == "《政府信息公开条例》第十四条"
    assert "主动公开 → 不予公开" in md and "原网址失效" in md
    counts = {row["label"]: (row["before"], row["after"]) for row in data["counts"]}
    assert counts["不予公开：国家秘密（《政府信息公开条例》第十四条）"] == (0, 1)
    _, public_md, _ = review(repo, "--public-comment", out="public")
    assert "示例市政务公开工作要点" not in public_md and "另有 1 个条目" in public_md


def test_published_attachment_is_listed_with_size_and_sniffed_type(repo):
    pdf = b"%PDF-1.4\n" + b"0" * 2000
    write_files(repo, {
        "catalog/notice/2024/peixun.yml": PUBLIC + "attachments:\n  - file: 培训安排.pdf\n    title: 培训日程\n  - file: 名单.pdf\n",
        "catalog/notice/2024/培训安排.pdf": pdf,
        "catalog/notice/2024/名单.pdf": b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
        "catalog/notice/2024/qingshi.yml": WITHHELD + "attachments:\n  - file: 请示原件.pdf\n",
        "catalog/notice/2024/请示原件.pdf": pdf,
    })
    _, md, data = review(repo)
    records = by_source(data)
    attachments = {a["file"]: a for a in records["catalog/notice/2024/peixun.yml"]["attachments"]}
    sheet = attachments["catalog/notice/2024/培训安排.pdf"]
    assert (sheet["status"], sheet["size"], sheet["mime"], sheet["published"]) == ("新增", len(pdf), "application/pdf", True)
    assert "请人工检查" in sheet["note"]  # the detectors cannot read a PDF: the reviewer must
    assert "扩展名 .pdf 与文件内容（image/png）不符" in attachments["catalog/notice/2024/名单.pdf"]["note"]
    [hidden] = records["catalog/notice/2024/qingshi.yml"]["attachments"]
    assert hidden["published"] is False
    assert "| 附件新增或变更（将公开） | 2 |" in md
    assert "2.0 KB" in md


def test_nothing_changed_passes_with_an_empty_report(repo):
    proc, md, data = review(repo)
    assert proc.returncode == 0
    assert data["records"] == [] and data["counts"] == []
    assert "本次修改没有新增、变更或停止公开任何条目" in md


def test_unknown_base_is_a_chinese_message_and_status_2(repo):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(repo / "mkdocs.yml"), "review", "--base", "origin/no-such-branch"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "找不到基准版本 origin/no-such-branch" in proc.stderr and "fetch-depth: 0" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_base_without_a_catalog_treats_everything_as_new(tmp_path, make_project):
    root = make_project({"catalog/policy/2024/yaodian.yml": BASE_POLICY})
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("目录仓库\n", encoding="utf-8")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "空仓库")
    git(root, "tag", "base")
    proc, md, data = review(root)
    assert proc.returncode == 0, proc.stderr
    assert data["base_present"] is False
    assert [r["change"] for r in data["records"]] == ["published"]
    assert "基准版本中还没有目录文件夹" in md


def test_base_with_errors_is_still_compared(repo):
    write_files(repo, {"catalog/notice/2024/peixun.yml": PUBLIC.replace("organ: demo-office", "organ: no-such-organ")})
    commit_all(repo, "有错误的基准")
    git(repo, "tag", "-f", "base")
    write_files(repo, {"catalog/notice/2024/peixun.yml": PUBLIC})
    proc, md, data = review(repo)
    assert proc.returncode == 0, proc.stderr
    assert data["base_errors"] == 1
    assert "基准版本本身有 1 个错误" in md
    assert [r["source"] for r in data["records"]] == ["catalog/notice/2024/peixun.yml"]


def test_errors_in_the_working_tree_block_and_are_listed(repo):
    write_files(repo, {"catalog/notice/2024/peixun.yml": PUBLIC.replace("organ: demo-office", "organ: demo-offic")})
    proc, md, data = review(repo)
    assert proc.returncode == 1
    assert any("[unknown-organ]" in e and "catalog/notice/2024/peixun.yml" in e for e in data["errors"])
    assert "### 阻止发布的问题" in md


def test_each_record_names_its_codeowners_and_flags_a_file_they_would_miss(repo):
    write_files(repo, {".github/CODEOWNERS": (
        "*  @gk/baomi-fushen\n"
        "/catalog/**/demo-office-*  @gk/demo-office-chushen @gk/baomi-fushen\n"
    )})
    commit_all(repo, "CODEOWNERS")
    git(repo, "tag", "-f", "base")
    write_files(repo, {"catalog/notice/2024/demo-office-peixun.yml": PUBLIC, "catalog/notice/2024/qingshi.yml": WITHHELD})
    _, md, data = review(repo)
    records = by_source(data)
    assert records["catalog/notice/2024/demo-office-peixun.yml"]["owners"] == ["@gk/demo-office-chushen @gk/baomi-fushen"]
    assert records["catalog/notice/2024/demo-office-peixun.yml"]["notes"] == []  # the pending 索引号 is said once, in the header
    withheld = records["catalog/notice/2024/qingshi.yml"]
    assert withheld["owners"] == ["@gk/baomi-fushen"]
    assert any("请把文件改名为 demo-office-qingshi.yml" in note for note in withheld["notes"])
    assert "| 审查人（CODEOWNERS） | @<!-- -->gk/demo-office-chushen @<!-- -->gk/baomi-fushen |" in md  # shown, never a mention


def test_gitlab_sections_give_one_line_per_required_approval():
    from plugins.core.review.codeowners import parse

    owners = parse(
        "[初审][1]\n/catalog/**/dg-finance-*  @caizheng/chushen\n\n"
        "[复审][1] @baomiban/fushen\n/catalog/\n",
        ".gitlab/CODEOWNERS",
    )
    assert owners.owners("catalog/budget/2024/dg-finance-yusuan.yml") == ["初审：@caizheng/chushen", "复审：@baomiban/fushen"]
    assert owners.owners("catalog/budget/2024/other.yml") == ["复审：@baomiban/fushen"]


def test_allowlisted_finding_is_listed_with_its_reason_and_does_not_block(repo):
    from plugins.core.wall.allowlist import value_hash

    allow = (
        "- file: catalog/notice/2024/jiuzhu.yml\n"
        "  detector: id-number\n"
        f"  hash: {value_hash('catalog/notice/2024/jiuzhu.yml', 'id-number', ID)}\n"
        "  reason: 经本人书面同意公开（第十五条 第三方同意）\n"
    )
    write_files(repo, {"catalog/notice/2024/jiuzhu.yml": WITH_ID, "catalog/detector-allowlist.yml": allow})
    proc, md, data = review(repo)
    assert proc.returncode == 0, md
    [allowed] = data["allowlisted"]
    assert allowed["file"] == "catalog/notice/2024/jiuzhu.yml" and allowed["line"] >= 1
    assert allowed["reason"] == "经本人书面同意公开（第十五条 第三方同意）"
    assert data["findings"] == []
    assert "### 白名单放行的检测结果" in md and "经本人书面同意公开" in md
    assert data["config_files"] == ["catalog/detector-allowlist.yml"]
    assert ID not in md and ID not in json.dumps(data, ensure_ascii=False)
    # once merged, the same allowlisted value is no longer news
    commit_all(repo, "放行")
    git(repo, "tag", "-f", "base")
    _, md, data = review(repo)
    assert data["allowlisted"] == [] and data["allowlisted_unchanged"] == 1


def test_allowlisted_unscanned_attachments_are_always_listed(repo):
    import hashlib

    doc = b"\xd0\xcf\x11\xe0" + b"\0" * 200
    write_files(repo, {"catalog/notice/2024/peixun.yml": PUBLIC + "attachments:\n  - file: 旧版.doc\n", "catalog/notice/2024/旧版.doc": doc})
    proc, md, data = review(repo)
    assert proc.returncode == 1 and "attachment-unscanned" in md  # unreviewed: blocks
    allow = (
        "- file: catalog/notice/2024/旧版.doc\n  detector: unscanned-file\n"
        f"  file_sha256: {hashlib.sha256(doc).hexdigest()}\n  reason: 已逐页核对，无个人信息\n"
    )
    write_files(repo, {"catalog/detector-allowlist.yml": allow})
    proc, md, data = review(repo)
    assert proc.returncode == 0, md
    [listed] = data["unscanned"]
    assert listed["reason"] == "已逐页核对，无个人信息" and "旧版.doc" in listed["message"]
    assert "### 未经自动检查、由审查人放行的附件" in md
    commit_all(repo, "放行附件")
    git(repo, "tag", "-f", "base")
    _, md, data = review(repo)
    assert len(data["unscanned"]) == 1 and "旧版.doc" in md  # listed again: not only when new


def test_findings_are_listed_even_when_other_errors_stop_the_pipeline(repo):
    write_files(repo, {
        "catalog/notice/2024/jiuzhu.yml": WITH_ID,
        "catalog/notice/2024/peixun.yml": PUBLIC.replace("organ: demo-office", "organ: demo-offic"),
    })
    proc, _, data = review(repo)
    assert proc.returncode == 1
    assert any(f["file"] == "catalog/notice/2024/jiuzhu.yml" and f["code"].startswith("detect-") for f in data["findings"])
    assert any("[unknown-organ]" in e for e in data["errors"])


def test_errors_the_base_already_had_are_summarised_apart_and_still_block(repo):
    write_files(repo, {"catalog/notice/2024/jiu.yml": PUBLIC.replace("organ: demo-office", "organ: no-such-organ")})
    commit_all(repo, "基准里已有错误")
    git(repo, "tag", "-f", "base")
    write_files(repo, {"catalog/notice/2024/qingshi.yml": WITHHELD})
    proc, md, data = review(repo)
    assert proc.returncode == 1
    assert data["errors"] == [] and len(data["old_errors"]) == 1 and "catalog/notice/2024/jiu.yml" in data["old_errors"][0]
    assert "基准版本中已有、本次未改动的文件里还有 1 个错误" in md
    assert [r["source"] for r in data["records"]] == ["catalog/notice/2024/qingshi.yml"]


def test_replacing_an_attachment_with_a_chinese_name_is_a_change(repo):
    write_files(repo, {
        "catalog/notice/2024/peixun.yml": PUBLIC + "attachments:\n  - file: 培训日程.docx\n",
        "catalog/notice/2024/培训日程.docx": b"PK\x03\x04 first version",
    })
    commit_all(repo, "附件")
    git(repo, "tag", "-f", "base")
    write_files(repo, {"catalog/notice/2024/培训日程.docx": b"PK\x03\x04 second, longer version"})
    _, md, data = review(repo)
    [record] = data["records"]
    assert record["change"] == "changed" and record["fields"] == [] and record["body_diff"] == ""
    [attachment] = record["attachments"]
    assert (attachment["file"], attachment["status"], attachment["published"]) == ("catalog/notice/2024/培训日程.docx", "变更", True)
    assert "| 附件新增或变更（将公开） | 1 |" in md


def test_editing_a_withheld_entry_lists_changed_fields_but_never_their_content(repo):
    write_files(repo, {"catalog/notice/2024/qingshi.yml": WITHHELD})
    commit_all(repo, "请示")
    git(repo, "tag", "-f", "base")
    write_files(repo, {"catalog/notice/2024/qingshi.yml": WITHHELD.replace("百分之三十", "百分之四十").replace("published: 2024-04-03", "published: 2024-04-08")})
    _, md, data = review(repo)
    [record] = data["records"]
    assert record["change"] == "withheld" and record["public"] is False
    assert record["hidden_changes"] == ["发布日期（published）", "正文（body，不公开）"]
    assert record["fields"] == [] and record["body"] == "" and record["body_diff"] == ""
    assert "百分之" not in md and "百分之" not in json.dumps(data, ensure_ascii=False)


def test_missing_base_is_explained_in_chinese(repo):
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(repo / "mkdocs.yml"), "review"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "缺少 --base" in proc.stderr and "error:" not in proc.stderr


REDACTED_TITLE = """\
kind: notice
title: 关于补发救助金的公示（现住址：示例市东城区幸福路十八号）
organ: demo-office
published: 2024-04-06
topics: [zwgk]
disclosure: 主动公开
summary: 救助对象现住址：示例市西城区和平街九号。
body: 经审核，同意补发。
"""


def test_both_reports_show_a_redacted_title_as_the_public_will_see_it(repo):
    """A value the negative list redacts (■■■) is never posted or filed in its original form."""
    write_files(repo, {"catalog/negative-list.yml": (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8"),
                       "catalog/notice/2024/buzhu.yml": REDACTED_TITLE})
    commit_all(repo, "公示")
    for args, out in (((), "full"), (("--public-comment",), "public")):
        proc, md, data = review(repo, *args, out=out)
        text = md + json.dumps(data, ensure_ascii=False)
        assert "关于补发救助金的公示（现住址：■■■" in md, md
        assert "幸福路十八号" not in text and "和平街九号" not in text


def test_in_ci_the_full_report_is_never_printed_to_the_log(repo):
    add_three_entries(repo)
    env = {k: v for k, v in os.environ.items() if k != "GK_PUBLIC_LOG"} | {"CI": "true"}
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(repo / "mkdocs.yml"), "review", "--base", "base"],
                          capture_output=True, text=True, timeout=120, env=env)
    log = proc.stdout + proc.stderr
    assert "保密审查摘要（可公开版）" in proc.stdout and "完整报告请用 --out" in proc.stderr
    assert "关于调整考核评分权重的请示" not in log and "qingshi" not in log and "过程性信息，尚未形成正式决定" not in log
    assert proc.returncode == 1  # the ID number still blocks, as without CI
    local = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(repo / "mkdocs.yml"), "review", "--base", "base"],
                           capture_output=True, text=True, timeout=120)
    assert "关于调整考核评分权重的请示" in local.stdout, "locally the reviewer reads the full report on screen"


def test_an_editors_title_in_the_public_comment_is_text_to_github(repo):
    """GitHub links @name, #12 and bare addresses after Markdown, where entities and backslashes are gone."""
    title = "通知![](https://evil.example/track.png) @octocat @gk/all #12 www.evil.example <img src=x onerror=alert(1)> **粗** [点](https://evil.example/) | 列 <!-- 注 -->"
    write_files(repo, {"catalog/notice/2024/hostile.yml": PUBLIC.replace("示例市2024年政务公开培训安排的通知", json.dumps(title, ensure_ascii=False))})
    _, md, _ = review(repo, "--public-comment", out="public")
    [row] = [line for line in md.splitlines() if "通知" in line and "track" in line]
    assert row.count("|") == 7  # six cells: the title's | stays inside its cell
    assert not re.search(r"@(?!<!-- -->)\w", row) and not re.search(r"(?<!&)#(?!<!-- -->)\d", row)  # no mention, no issue link
    assert not re.search(r"https?:(?!<!-- -->)//|www(?!<!-- -->)\.", row)  # no bare address GitHub would link
    assert "](" not in row.replace("\\](", "") and "<img" not in row and "<!-- 注" not in row and "**粗**" not in row
    shown = re.sub(r"<!-- -->", "", row)
    assert "@octocat" in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown  # the reader still sees what was written
