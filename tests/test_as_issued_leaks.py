"""原文如此 notes and records, read by an attacker: nothing of a non-public entry reaches a public byte.

A finding about a public entry may speak of a second, non-public entry (the same 文号, last year's
figures); a note on the public page quoting it would tell every reader that a withheld document exists
and what it holds. Each test builds a tiny site for real and scans every file it wrote, and the public
(CI) log.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from test_as_issued import cli, mkdocs_build

SECRET_TITLE = "关于某某项目的内部请示甲乙丙"
DOC_NO = "示府办〔2024〕7号"


def notice(title: str, disclosure: str, index: int, extra: str = "") -> str:
    exemption = "" if disclosure == "主动公开" else "exemption: process-info\n"
    return (f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
            f"doc_no: {DOC_NO}\nwritten: 2024-03-01\npublished: 2024-03-0{index}\ndisclosure: {disclosure}\n{exemption}{extra}---\n正文。\n")


def public_cli(root: Path, monkeypatch, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as CI runs it (``CI`` set): its output is a public log."""
    with monkeypatch.context() as env:
        env.setenv("CI", "true")
        return cli(root, *args)


def site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in site.rglob("*") if p.is_file())


def test_a_note_on_a_public_page_does_not_say_that_a_withheld_entry_shares_its_doc_no(make_project):
    root = make_project({
        "catalog/notice/2024/a-secret.md": notice(SECRET_TITLE, "不予公开", 1),
        "catalog/notice/2024/b-public.md": notice("关于公开事项的通知", "主动公开", 2),
    })
    check = cli(root, "check")
    line = next(row for row in check.stdout.splitlines() if "[doc-no-duplicate]" in row)
    assert "b-public.md" in line, check.stdout
    target = line.split()[1].rsplit(":", 2)[0]
    proc = cli(root, "asissued", target, "--code", "doc-no-duplicate", "--by", "张三", "--reason", "原件两份文件确是同一文号，已核实")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    mkdocs_build(root)
    page = next(p for p in (root / "site" / "xxgk").rglob("index.html") if "关于公开事项的通知" in p.read_text(encoding="utf-8"))
    note = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".gk-as-issued")
    assert note is not None and "已核实" in note.get_text()  # the note is there, with its reason
    text = site_text(root / "site")
    assert "不予公开的条目" not in text and "a-secret" not in text and SECRET_TITLE not in text


def test_a_public_notices_message_does_not_quote_the_budget_of_an_on_request_notice(make_project, monkeypatch):
    """The budget of an 依申请公开 招标公告 is kind content the site withholds: no public log line and no note quotes it."""
    from test_kinds_procurement import PATHS, RESULT, TENDER

    tender = TENDER.replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info").replace("budget_amount: 1980000", "budget_amount: 1234567")
    result = RESULT.replace("amount: 1836000", "amount: 7654321")
    root = make_project({PATHS["tender"]: tender, PATHS["result"]: result})
    log = public_cli(root, monkeypatch, "check")
    line = next(row for row in log.stdout.splitlines() if "[amount-over-budget]" in row)
    assert PATHS["result"] in line and "7,654,321" in line and "依申请公开的条目（索引号 114419000073302510/2024-00002）" in line, line
    assert "1,234,567" not in log.stdout + log.stderr and "1234567" not in log.stdout + log.stderr
    local = cli(root, "check")  # the editor's own machine: the same message, the figure stays with its notice
    assert "1,234,567" not in next(row for row in local.stdout.splitlines() if "[amount-over-budget]" in row)

    at = line.split()[1].rsplit(":", 2)[0]
    assert cli(root, "asissued", at, "--code", "amount-over-budget", "--by", "张三", "--reason", "原件如此，已核实").returncode == 0
    mkdocs_build(root)
    text = site_text(root / "site")
    assert "原件如此，已核实" in text and "1,234,567" not in text and "1234567" not in text
    assert "依申请公开的条目（索引号" not in text


def test_a_record_naming_a_withheld_file_that_does_not_load_keeps_its_name_out_of_the_public_log(make_project, monkeypatch):
    broken = notice(SECRET_TITLE, "不予公开", 1).replace("title:", "title：", 1)  # a slip YAML cannot read past
    record = ('- entry: "catalog/notice/2024/a-secret-plan.md"\n  code: doc-no-duplicate\n  field: "doc_no"\n'
              "  fingerprint: 0123456789abcdef\n  checked_by: \"张三\"\n  checked_on: 2024-05-01\n  reason: \"已核实\"\n")
    root = make_project({"catalog/notice/2024/a-secret-plan.md": broken, "catalog/as-issued.yml": record})
    log = public_cli(root, monkeypatch, "check")
    # the records file is the tool's own, public: its line is named (the editor finds the record), the entry it names is not
    assert any(row.startswith("警告 catalog/as-issued.yml:1:1:") and "[as-issued-stale]" in row for row in log.stdout.splitlines()), log.stdout
    assert "[不予公开条目 1]" in log.stdout  # the broken withheld file itself
    assert "a-secret-plan" not in log.stdout + log.stderr and SECRET_TITLE not in log.stdout + log.stderr
    local = cli(root, "check")  # the editor is told which record: its line in as-issued.yml
    assert any(row.startswith("警告 catalog/as-issued.yml:1:1:") and "[as-issued-stale]" in row for row in local.stdout.splitlines()), local.stdout


# --- what the wall lets through to a note (pipeline only, no site) ----------------------------

def acknowledge(root: Path, source: str, code: str, reason: str) -> None:
    """Record every finding ``code`` in ``source`` as ``build.py asissued`` would."""
    from plugins.core import pipeline
    from plugins.core.check import asissued

    found = [d for d in pipeline.run(root / "catalog", root).diagnostics if d.file == source and d.code == code]
    assert found, code
    asissued.append(root / "catalog" / asissued.FILE_NAME, [asissued.new_record(source, d, "张三", reason) for d in found])


def notes(root: Path) -> list:
    from plugins.core import pipeline

    result = pipeline.run(root / "catalog", root)
    assert result.public is not None, [str(d) for d in result.errors]
    return [note for found in result.public.as_issued.values() for note in found]


def test_a_note_on_an_on_request_entrys_doc_no_keeps_only_the_reason_and_a_reason_naming_a_withheld_entry_is_not_shown(make_project):
    root = make_project({
        "catalog/notice/2024/a-asked.md": notice("依申请公开的通知", "依申请公开", 1),
        "catalog/notice/2024/b-public.md": notice("关于公开事项的通知", "主动公开", 2),
        "catalog/notice/2024/c-secret.md": notice(SECRET_TITLE, "不予公开", 3).replace(DOC_NO, "示府办〔2024〕9号"),
    })
    acknowledge(root, "catalog/notice/2024/b-public.md", "doc-no-duplicate", f"原件如此；另见《{SECRET_TITLE}》")
    (note,) = notes(root)
    assert note.text == ""  # “与 依申请公开的条目（索引号 …） 重复” says what an 依申请公开 entry's 文号 is
    assert SECRET_TITLE not in note.reason and note.reason == "核实说明提到不公开的内容，不在网站显示"


def test_a_note_on_an_entry_the_wall_redacted_quotes_nothing_and_its_reason_is_redacted_too(make_project):
    from kinds_fixtures import BUDGET, change
    from test_as_issued import RIGHT, WRONG

    negative = ("- id: privacy\n  name: 个人隐私\n  basis: 《政府信息公开条例》第十五条\n  action: redact\n"
                "  patterns: ['家庭住址[:：](?P<value>[^，。\\s]+)']\n")
    text, _ = change(BUDGET, RIGHT, WRONG)
    text = text.replace("“三公”经费预算48.30万元。", "“三公”经费预算48.30万元。联系人家庭住址：翠竹路九号。")
    entry = "catalog/budget/2024/demo-finance-budget.yml"
    root = make_project({"catalog/negative-list.yml": negative, entry: text})
    for code in ("budget-total-row", "budget-cross-table"):
        acknowledge(root, entry, code, "原文如此，已与家庭住址：翠竹路九号的经办人核实")
    found = notes(root)
    assert len(found) >= 2
    assert all(n.text == "" and "翠竹路九号" not in n.reason and "家庭住址：■■■" in n.reason for n in found), found


def test_a_record_of_a_withheld_budget_reaches_no_byte_of_the_site_and_no_line_of_the_public_log(make_project, monkeypatch):
    """The brief case: 核实人 and 说明 of a record naming a withheld entry (no private folder, so the record is in catalog/)."""
    from kinds_fixtures import BUDGET, change
    from test_as_issued import RIGHT, WRONG

    by, reason = "核实人鑫淼焱", "说明垚犇骉：原件如此"
    text, _ = change(BUDGET, RIGHT, WRONG)
    text = text.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info")
    entry = "catalog/budget/2024/demo-finance-budget.yml"
    root = make_project({entry: text, "catalog/notice/2024/b-public.md": notice("关于公开事项的通知", "主动公开", 2)})
    acknowledge(root, entry, "budget-total-row", reason)
    record = (root / "catalog/as-issued.yml").read_text(encoding="utf-8").replace('"张三"', f'"{by}"')
    (root / "catalog/as-issued.yml").write_text(record, encoding="utf-8")
    acknowledge(root, entry, "budget-cross-table", reason)  # the same mismatch seen from the other table
    log = public_cli(root, monkeypatch, "check")
    assert log.returncode == 0 and "已核实 [不予公开条目 1]" in log.stdout, log.stdout
    assert by not in log.stdout + log.stderr and "垚犇骉" not in log.stdout + log.stderr and "demo-finance-budget" not in log.stdout
    mkdocs_build(root)
    text_out = site_text(root / "site")
    assert "关于公开事项的通知" in text_out  # the scan sees the site
    assert by not in text_out and "垚犇骉" not in text_out and "原文如此" not in text_out
