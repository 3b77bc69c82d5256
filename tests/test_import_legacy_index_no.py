"""索引号 that other offices' systems published in their own forms: imported, checked and shown exactly as published."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft7Validator

import build
from kinds_fixtures import check, found, messages

ROOT = Path(__file__).resolve().parents[1]
LEGACY = ["11440300007542163G/2019-00123", "000014349/2015-00056", "K12-01-2018-0003", "440300-2019-001234", "粤财〔2019〕-0012"]
OURS = "114419000073302510/2019-00005"
"""In this catalog's scheme (东莞市财政局's 统一社会信用代码): no legacy mark."""
POLICY = """\
kind: policy
title: 示例市政务公开工作要点
organ: demo-office
doc_no: 示府办〔2024〕3号
written: 2024-03-01
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: 各区人民政府：现将要点印发给你们。
"""


def project(make_project) -> Path:
    return make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})


def test_each_legacy_form_is_imported_checked_and_shown_exactly(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    rows = ["索引号,信息名称,发布机构,发布日期,主题分类,公开方式"]
    rows += [f"{number},关于第{i}批财政资金安排的公告,东莞市财政局,2019-0{i + 1}-1{i},财政,主动公开" for i, number in enumerate([*LEGACY, OURS], 1)]
    (tmp_path / "export.csv").write_text("\n".join(rows), encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "export.csv")]) == 0
    out = capsys.readouterr().out
    assert "检查：导入的 6 个条目没有问题。" in out, out  # the legacy forms pass check as published
    written = {yaml.safe_load(p.read_text(encoding="utf-8"))["index_no"]: (p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in (root / "catalog/notice/2019").glob("*.yml")}
    assert set(written) == {*LEGACY, OURS}  # every number kept, byte for byte
    for number in LEGACY:
        assert written[number][1]["index_no_legacy"] is True
    assert "index_no_legacy" not in written[OURS][1]
    names = {number: path.name for number, (path, _) in written.items()}
    assert names["K12-01-2018-0003"] == "dg-finance-k12-01-2018-0003.yml"  # the whole number, made safe
    assert names["440300-2019-001234"] == "dg-finance-440300-2019-001234.yml"
    assert re.fullmatch(r"dg-finance-000014349-2015-00056-[0-9a-f]{6}\.yml", names["000014349/2015-00056"])  # / → -, so a hash keeps it apart
    assert re.fullmatch(r"dg-finance-2019-0012-[0-9a-f]{6}\.yml", names["粤财〔2019〕-0012"])
    assert names[OURS] == "dg-finance-2019-00005.yml"
    before = {number: path.read_bytes() for number, (path, _) in written.items()}

    assert build.main(["-f", str(root / "mkdocs.yml"), "build"]) == 0, capsys.readouterr().out
    capsys.readouterr()
    assert {number: path.read_bytes() for number, (path, _) in written.items()} == before  # allocation never rewrites a number
    site = root / "site"
    pages = {}
    for page in site.glob("xxgk/**/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rows_ = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in soup.select("table.gk-meta th")}
        pages[rows_.get("索引号")] = page.relative_to(site).as_posix()
    for number in [*LEGACY, OURS]:
        assert number in pages, sorted(pages)  # the page shows the 索引号 exactly as published
    assert pages["K12-01-2018-0003"] == "xxgk/K12-01-2018-0003/index.html"
    assert pages["000014349/2015-00056"] == "xxgk/000014349/2015-00056/index.html"
    assert re.fullmatch(r"xxgk/legacy/[0-9a-f]{16}/index\.html", pages["粤财〔2019〕-0012"])  # 汉字 and 〔〕: an address derived from it
    listing = (site / "catalog/kind/notice/index.html").read_text(encoding="utf-8")
    assert all(number in listing for number in LEGACY)


def test_what_a_legacy_number_is_still_checked_for(make_project) -> None:
    files = {
        "catalog/policy/2024/spaced.yml": POLICY.replace("title:", "index_no: K12 01-2018\nindex_no_legacy: true\ntitle:"),
        "catalog/policy/2024/bare.yml": POLICY.replace("title:", "index_no_legacy: true\ntitle:").replace("3号", "4号"),
        "catalog/policy/2024/one.yml": POLICY.replace("title:", "index_no: K12-01-2018-0003\nindex_no_legacy: true\ntitle:").replace("3号", "5号"),
        "catalog/policy/2024/two.yml": POLICY.replace("title:", "index_no: K12-01-2018-0003\nindex_no_legacy: true\ntitle:").replace("3号", "6号"),
        "catalog/policy/2024/person.yml": POLICY.replace("title:", "index_no: '360426199101010071'\nindex_no_legacy: true\ntitle:").replace("3号", "7号"),
        "catalog/policy/2024/foreign.yml": POLICY.replace("title:", "index_no: 000014349/2024-00056\ntitle:").replace("3号", "8号"),
        "catalog/policy/2024/kept.yml": POLICY.replace("title:", "index_no: 000014349/2024-00057\nindex_no_legacy: true\ntitle:").replace("3号", "9号"),
    }
    result = check(make_project, files)
    assert [c for _, c, _ in found(result, "catalog/policy/2024/spaced.yml")] == ["index-no-legacy-format"]
    assert "K12 01-2018" in messages(result, "index-no-legacy-format")[0] and "空格" in messages(result, "index-no-legacy-format")[0]
    assert [c for _, c, _ in found(result, "catalog/policy/2024/bare.yml")] == ["index-no-legacy-missing"]
    assert [c for _, c, _ in found(result, "catalog/policy/2024/two.yml")] == ["duplicate-index-no"]  # still unique
    assert "detect-id-number" in [c for _, c, _ in found(result, "catalog/policy/2024/person.yml")]  # still no personal numbers
    assert [c for _, c, _ in found(result, "catalog/policy/2024/foreign.yml")] == ["index-no-prefix"]
    assert "index_no_legacy: true" in messages(result, "index-no-prefix")[0]  # the warning says how to keep it
    assert found(result, "catalog/policy/2024/kept.yml") == [] and found(result, "catalog/policy/2024/one.yml") == []


def test_the_editors_schema_accepts_a_legacy_number_only_when_marked() -> None:
    schema = json.loads((ROOT / "schemas/policy.schema.json").read_text(encoding="utf-8"))
    entry = yaml.safe_load(POLICY) | {"organ": "dg-gov-office", "index_no": "K12-01-2018-0003"}
    entry["written"], entry["published"] = "2024-03-01", "2024-03-05"
    validator = Draft7Validator(schema)
    assert any("index_no" in str(error.path) or "index_no" in error.message for error in validator.iter_errors(entry))
    assert list(validator.iter_errors(entry | {"index_no_legacy": True})) == []
    assert list(validator.iter_errors(entry | {"index_no_legacy": True, "index_no": "K12 01"})) != []
    assert list(validator.iter_errors(entry | {"index_no": "11441900007330235A/2024-00007"})) == []


def test_a_legacy_number_counts_in_the_branch_comparison_only_when_marked() -> None:
    from plugins.core.check.indexno import number_in_text

    assert number_in_text(b"kind: notice\nindex_no: K12-01-2018-0003\nindex_no_legacy: true\n") == "K12-01-2018-0003"
    assert number_in_text(b"kind: notice\nindex_no: K12-01-2018-0003\n") is None  # not a number of this catalog: the check reports it
    assert number_in_text(b"---\nindex_no: 000014349/2015-00056\nindex_no_legacy: true\n---\nbody\n", "a.md") == "000014349/2015-00056"
    assert number_in_text(b"index_no: ~\nindex_no_legacy: true\n") is None


def test_an_archive_row_with_no_publication_date_is_imported_as_not_stated(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    rows = ["索引号,信息名称,发布机构,发布日期,主题分类,公开方式",
            "K12-01-2009-0003,关于加强档案工作的通知,东莞市财政局,,财政,主动公开",  # the old system recorded no date
            f"{OURS},关于财政资金安排的公告,东莞市财政局,,财政,主动公开"]  # this catalog's own number: its date must be found
    (tmp_path / "export.csv").write_text("\n".join(rows), encoding="utf-8")
    build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "export.csv")])
    out = capsys.readouterr().out
    written = {data["index_no"]: (path, data) for path in (root / "catalog").rglob("*.yml") if "index_no" in (data := yaml.safe_load(path.read_text(encoding="utf-8")) or {})}
    archive_path, archive = written["K12-01-2009-0003"]
    assert archive["published"] == "未说明" and archive["index_no_legacy"] is True  # said so, never a guessed date
    assert str(written[OURS][1]["published"]).startswith("待补：")  # not an archive row: the editor fills it in
    checked = out.split("\n检查", 1)[-1]
    assert "发布日期" in checked and archive_path.name not in checked and "Traceback" not in out, out  # the check reports the other row, nothing on the archive one
