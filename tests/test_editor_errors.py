"""Every mistake an editor makes gets file, line, field, fix and code — never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import POLICY
from plugins.core import pipeline

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/policy/2024/yaodian.yml"


def check(make_project, files):
    root = make_project(files)
    return pipeline.run(root / "catalog", root)


def only(result, code):
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"no [{code}] in: " + "\n".join(map(str, result.diagnostics))
    return found


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("wrong", "right", "code"),
    [
        ("示府办【2024】3号", "示府办〔2024〕3号", "doc-no-brackets"),
        ("示府办[2024]3号", "示府办〔2024〕3号", "doc-no-brackets"),
        ("示府办(2024)3号", "示府办〔2024〕3号", "doc-no-brackets"),
        ("示府办（2024）3号", "示府办〔2024〕3号", "doc-no-brackets"),
        ("示府办〔２０２４〕3号", "示府办〔2024〕3号", "full-width-digits"),
    ],
)
def test_doc_no_mistakes_show_the_corrected_form(make_project, wrong, right, code):
    text = POLICY.replace("示府办〔2024〕3号", wrong)
    (diag,) = only(check(make_project, {ENTRY: text}), code)
    assert (diag.file, diag.line, diag.field, diag.label) == (ENTRY, line_of(text, "doc_no"), "doc_no", "文号")
    assert f"应写作 {right}" in str(diag)
    assert str(diag).startswith(f"{ENTRY}:{diag.line}:")


@pytest.mark.parametrize(
    ("issued", "normal"),
    [("沪府发〔1999〕043号", "沪府发〔1999〕43号"), ("示府办〔2024〕第3号", "示府办〔2024〕3号"), ("中国人民银行公告〔2015〕第43号", "中国人民银行公告〔2015〕43号")],
)
def test_doc_no_printed_so_is_a_warning_that_quotes_it_and_shows_the_normal_form(make_project, issued, normal):
    text = POLICY.replace("示府办〔2024〕3号", issued)
    result = check(make_project, {ENTRY: text})
    (diag,) = only(result, "doc-no-as-issued")
    assert diag.severity == "warning" and not [d for d in result.diagnostics if d.severity == "error"]
    assert f"文号“{issued}”" in str(diag) and normal in str(diag) and "照原件保留" in str(diag)


@pytest.mark.parametrize(
    "official", ["国家税务总局公告2015年第41号", "交通运输部令2016年第62号", "国务院令第711号", "中华人民共和国主席令第十二号", "国家发展和改革委员会 商务部令第49号"],
)
def test_official_forms_of_orders_and_notices_pass(make_project, official):
    text = POLICY.replace("示府办〔2024〕3号", official)
    result = check(make_project, {ENTRY: text})
    assert not [d for d in result.diagnostics if d.field == "doc_no" and d.code != "doc-no-year"], result.diagnostics


def test_unusual_doc_no_is_a_warning_and_none_is_an_error(make_project):
    unusual = check(make_project, {ENTRY: POLICY.replace("示府办〔2024〕3号", "示府办字第3号")})
    (diag,) = only(unusual, "doc-no-unusual")
    assert diag.severity == "warning" and "文号“示府办字第3号”" in str(diag)
    none = check(make_project, {ENTRY: POLICY.replace("示府办〔2024〕3号", "无")})
    (diag,) = only(none, "doc-no-format")
    assert diag.severity == "error" and "删去 doc_no" in str(diag)


@pytest.mark.parametrize(
    ("wrong", "iso", "code"),
    [
        ("2024年3月5日", "2024-03-05", "date-format"),
        ("2024/3/5", "2024-03-05", "date-format"),
        ("2024.03.05", "2024-03-05", "date-format"),
        ("２０２４-03-05", "2024-03-05", "full-width-digits"),
    ],
)
def test_dates_in_other_forms_show_the_iso_form(make_project, wrong, iso, code):
    text = POLICY.replace("published: 2024-03-05", f"published: {wrong}")
    (diag,) = only(check(make_project, {ENTRY: text}), code)
    assert (diag.line, diag.field, diag.label) == (line_of(text, "published"), "published", "发布日期")
    assert f"应写作 {iso}" in diag.fix


def test_impossible_date_is_reported_not_raised(make_project):
    text = POLICY.replace("published: 2024-03-05", "published: 2024-02-30")
    (diag,) = only(check(make_project, {ENTRY: text}), "date-invalid")
    assert diag.line == line_of(text, "published")


def test_broken_yaml_names_the_line(make_project):
    text = POLICY.replace("organ: demo-office", "organ: demo-office\ntopics: [zwgk\n")
    (diag,) = only(check(make_project, {ENTRY: text}), "yaml-syntax")
    assert diag.file == ENTRY and diag.line >= line_of(text, "topics: [zwgk")
    assert "YAML 格式错误" in diag.message


def test_broken_front_matter_line_counts_from_file_start(make_project):
    text = "---\nkind: notice\ntitle: 通知\norgan: demo-office\npublished: 2024-01-02\ndisclosure: 主动公开\nsummary: 含冒号: 未加引号\n---\n正文\n"
    (diag,) = only(check(make_project, {"catalog/notice/2024/a.md": text}), "yaml-syntax")
    assert diag.line == 7


def test_gbk_file_is_named_and_still_checked(make_project):
    text = POLICY.replace("示府办〔2024〕3号", "示府办[2024]3号")
    result = check(make_project, {ENTRY: text.encode("gbk")})
    (diag,) = only(result, "file-encoding-gbk")
    assert diag.file == ENTRY and "UTF-8" in diag.fix
    only(result, "doc-no-brackets")  # the rest of the file is still checked


def test_bom_is_reported(make_project):
    (diag,) = only(check(make_project, {ENTRY: b"\xef\xbb\xbf" + POLICY.encode()}), "file-bom")
    assert (diag.file, diag.line) == (ENTRY, 1)


def test_full_width_digits_in_a_number(make_project):
    text = POLICY.replace("kind: policy", "kind: three_public").replace("validity: 有效\n", "") + (
        "fiscal_year: ２０２４\nstage: 预算\noutbound: {amount: 1}\nvehicles: {purchase: 0, operation: 2}\nreception: {amount: 3}\ntotal: 6\n"
    )
    (diag,) = only(check(make_project, {"catalog/three_public/2024/a.yml": text}), "full-width-digits")
    assert diag.field == "fiscal_year" and diag.label == "预决算年度" and "应写作 2024" in diag.fix


@pytest.mark.parametrize(
    ("old", "new", "code", "key"),
    [
        ("organ: demo-office", "organ: demo-ofice", "unknown-organ", "organ"),
        ("topics: [zwgk]", "topics: [zwgk, nosuch]", "unknown-topic", "topics"),
        ("disclosure: 主动公开", "disclosure: 不予公开\nexemption: secret", "unknown-exemption", "exemption"),
        ("disclosure: 主动公开", "disclosure: 依申请公开", "exemption-missing", "disclosure"),
        ("disclosure: 主动公开", "disclosure: 公开", "value-not-allowed", "disclosure"),
        ("title: 示例市政务公开工作要点\n", "", "missing-field", "title"),
        ("organ: demo-office", "organ: demo-office\ntitel: 拼错的键", "unknown-field", "titel"),
    ],
)
def test_registry_and_schema_mistakes(make_project, old, new, code, key):
    text = POLICY.replace(old, new)
    (diag,) = only(check(make_project, {ENTRY: text}), code)
    assert diag.file == ENTRY
    assert diag.field.startswith(key)
    if new:
        assert diag.line == line_of(text, key + ":") or diag.line == line_of(text, new.split("\n")[-1])
    assert diag.fix


def test_unknown_organ_suggests_the_close_id(make_project):
    text = POLICY.replace("organ: demo-office", "organ: demo-ofice")
    (diag,) = only(check(make_project, {ENTRY: text}), "unknown-organ")
    assert "demo-office" in diag.fix


def test_value_outside_its_list_names_the_allowed_values(make_project):
    (diag,) = only(check(make_project, {ENTRY: POLICY.replace("disclosure: 主动公开", "disclosure: 公开")}), "value-not-allowed")
    assert diag.label == "公开属性" and "主动公开" in diag.fix and "依申请公开" in diag.fix


def test_duplicate_index_no_names_both_files(make_project):
    first = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:")
    result = check(make_project, {ENTRY: first, "catalog/policy/2024/again.yml": first})
    (diag,) = only(result, "duplicate-index-no")
    assert diag.file == "catalog/policy/2024/yaodian.yml" and diag.line == 2
    assert "catalog/policy/2024/again.yml:2" in diag.message


def test_interprets_must_name_an_entry(make_project):
    text = POLICY.replace("kind: policy", "kind: interpretation").replace("validity: 有效", "interprets: policy/2024/nosuch")
    (diag,) = only(check(make_project, {"catalog/interpretation/2024/a.yml": text}), "unknown-reference")
    assert diag.field == "interprets" and diag.label == "解读的政策" and diag.line == line_of(text, "interprets")


def test_all_problems_are_collected_before_failing(make_project):
    bad = POLICY.replace("示府办〔2024〕3号", "示府办【2024】3号").replace("published: 2024-03-05", "published: 2024年3月5日")
    result = check(make_project, {ENTRY: bad, "catalog/policy/2024/b.yml": POLICY.replace("organ: demo-office", "organ: nobody")})
    codes = {d.code for d in result.errors}
    assert {"doc-no-brackets", "date-format", "unknown-organ"} <= codes
    assert result.public is None


def test_index_no_is_assigned_and_written_back_never_changed(make_project):
    root = make_project({ENTRY: POLICY, "catalog/policy/2024/old.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")})
    result = pipeline.run(root / "catalog", root, write_index_no=True)
    assert not result.errors
    text = (root / ENTRY).read_text(encoding="utf-8")
    assert "index_no: 11441900007330235A/2024-00008" in text
    assert "11441900007330235A/2024-00007" in (root / "catalog/policy/2024/old.yml").read_text(encoding="utf-8")
    again = pipeline.run(root / "catalog", root, write_index_no=True)
    assert again.assigned == [] and (root / ENTRY).read_text(encoding="utf-8") == text


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
        capture_output=True, text=True, timeout=120,
    )


def test_check_command_prints_every_problem_and_exits_non_zero(make_project):
    root = make_project({
        ENTRY: POLICY.replace("示府办〔2024〕3号", "示府办[2024]3号"),
        "catalog/policy/2024/broken.yml": "title: [未闭合\n",
        "catalog/policy/2024/gbk.yml": POLICY.encode("gbk"),
    })
    proc = run_cli(root, "check")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{ENTRY}:4:9: doc_no(文号): 文号“示府办[2024]3号”的年份要用六角括号〔〕括起" in proc.stdout
    assert "应写作 示府办〔2024〕3号 [doc-no-brackets]" in proc.stdout
    assert "catalog/policy/2024/broken.yml:2:1: YAML 格式错误" in proc.stdout
    assert "catalog/policy/2024/gbk.yml:2:1: 文件是 GBK/GB18030 编码" in proc.stdout


def test_build_with_errors_fails_without_traceback_and_keeps_old_site(make_project):
    root = make_project({ENTRY: POLICY})
    assert run_cli(root, "build").returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    (root / ENTRY).write_text(POLICY.replace("organ: demo-office", "organ: nobody"), encoding="utf-8")
    proc = run_cli(root, "build")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "unknown-organ" in proc.stderr + proc.stdout
    assert (root / "site" / "index.html").read_bytes() == before


@pytest.mark.parametrize("garbage", [
    b"\x00\x01\x02", b"- just\n- a list\n", b"", b"title: \"x\n", b"kind: nosuch\n", b"\xff\xfe\x00t",
    b"title: !!bool maybe\n",  # a tag the text does not fit: read as the text
])
def test_no_input_causes_a_traceback(make_project, garbage):
    root = make_project({"catalog/policy/2024/x.yml": garbage})
    proc = run_cli(root, "check")
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert "catalog/policy/2024/x.yml" in proc.stdout
