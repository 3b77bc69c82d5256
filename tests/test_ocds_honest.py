"""OCDS carries what the notice and the office declare, and the build says while it holds placeholders.

Sites built for real; the packages are validated against the OCDS 1.1.5 schemas in tests/data/ocds.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from plugins.core.kinds.procurement import intake as procurement_intake
from plugins.core.sources.document import Document, Line, Request
from conftest import POLICY
from test_kinds_procurement import TENDER, files
from test_ocds import RECORDS, RELEASES, errors

ROOT = Path(__file__).resolve().parents[1]
LICENSE = "https://xxgk.example.gov.cn/open-data-license/"
PUBLICATION_POLICY = "https://xxgk.example.gov.cn/ocds-policy/"
DECLARED = {"ocid_prefix": "ocds-abc123", "ocds_publisher": "demo-finance", "ocds_license": LICENSE, "ocds_publication_policy": PUBLICATION_POLICY}
CODES = {"ocds-ocid-placeholder", "ocds-publisher-missing", "ocds-license-missing"}


def packages(site: Path) -> tuple[dict, dict]:
    folder = site / "data/ocds/SLCG2024-018"
    return (json.loads((folder / "release-package.json").read_text(encoding="utf-8")),
            json.loads((folder / "record-package.json").read_text(encoding="utf-8")))


def test_declared_settings_and_the_notice_category_reach_valid_ocds(build_site, caplog):
    project = files(tender=TENDER.replace("method: 公开招标", "method: 公开招标\ncategory: 服务"))
    with caplog.at_level(logging.WARNING):
        site = build_site(project, site_url="https://xxgk.example.gov.cn/", plugins=[{"gk-catalog": DECLARED}])
    assert not [r for r in caplog.records if any(code in r.getMessage() for code in CODES)]
    releases, record = packages(site)
    assert errors(RELEASES, releases) == [] and errors(RECORDS, record) == []
    for package in (releases, record):
        assert package["license"] == LICENSE and package["publicationPolicy"] == PUBLICATION_POLICY
        assert package["publisher"] == {"name": "示例市财政局", "uid": "114419000073302510", "uri": "https://xxgk.example.gov.cn/"}
    tender = next(r for r in releases["releases"] if r["tag"] == ["tender"])["tender"]
    assert tender["mainProcurementCategory"] == "services"
    assert record["records"][0]["compiledRelease"]["tender"]["mainProcurementCategory"] == "services"
    # a notice that does not state its category has none: the intention, the result
    assert all("mainProcurementCategory" not in r.get("tender", {}) for r in releases["releases"] if r["tag"] != ["tender"])
    # an enterprise's 统一社会信用代码 (9…) names its org-id.guide list; a government organ's (1…) names none
    parties = {p["name"]: p for r in releases["releases"] for p in r["parties"]}
    assert parties["示例信息科技有限公司"]["identifier"] == {"id": "91441900MA4UX8K7R6", "legalName": "示例信息科技有限公司", "scheme": "CN-SAIC"}
    buyer = parties["示例市财政局"]["identifier"]
    assert buyer == {"id": "114419000073302510", "legalName": "示例市财政局"}


def test_placeholders_warn_in_the_build_and_in_check_and_stay_out_of_the_packages(build_site, make_project, caplog):
    with caplog.at_level(logging.WARNING):
        site = build_site(files(), site_url="https://xxgk.example.gov.cn/", plugins=[{"gk-catalog": {"ocds_license": "见网站声明"}}])
    said = "\n".join(r.getMessage() for r in caplog.records)
    for code in CODES:
        assert f"[{code}]" in said, said
    assert "ocds_license 写的“见网站声明”不是网址" in said
    releases, record = packages(site)
    assert errors(RELEASES, releases) == [] and errors(RECORDS, record) == []
    assert "license" not in releases and "publicationPolicy" not in releases  # never a licence the office did not declare
    assert releases["publisher"] == {"name": "测试目录"}
    assert releases["releases"][0]["ocid"].startswith("ocds-xxxxxx-")

    root = make_project(files())
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "check"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("警告 mkdocs.yml")]
    assert {line.rsplit("[", 1)[1].rstrip("]") for line in lines} == CODES, proc.stdout


def test_no_procurement_no_ocds_warning(build_site, caplog):
    with caplog.at_level(logging.WARNING):
        build_site({"catalog/policy/2024/yaodian.yml": POLICY})
    assert not [r for r in caplog.records if "ocds-" in r.getMessage()]


def notice(*lines: str) -> Document:
    return Document(Path("公告.txt"), "text", lines=[Line(text, f"第{i}行") for i, text in enumerate(lines, 1)])


def test_import_reads_the_category_the_notice_prints():
    request = Request(organs={"demo-finance": "示例市财政局"})
    stated = notice("示例市财政局办公家具采购项目中标（成交）结果公告", "一、项目编号：SLCG2024-031", "二、项目名称：办公家具采购", "采购项目类别：货物", "采购人名称：示例市财政局")
    drafts = procurement_intake.intake(stated, request)
    assert drafts and drafts[0].meta["category"] == "货物"
    in_text = notice("示例市财政局物业服务项目中标（成交）结果公告", "一、项目编号：SLCG2024-032", "本项目属于服务类采购。")
    assert procurement_intake.intake(in_text, request)[0].meta["category"] == "服务"  # type: ignore[index]
    silent = notice("示例市财政局某项目中标（成交）结果公告", "一、项目编号：SLCG2024-033", "见附件。")
    assert "category" not in procurement_intake.intake(silent, request)[0].meta  # type: ignore[index]
