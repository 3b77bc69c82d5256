"""OCDS 1.1 export of procurement projects, validated against the official package schemas.

The schemas in tests/data/ocds are OCDS 1.1.5 as shipped in PyPI sdists (see its README).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from test_kinds_procurement import CORRECTION, PATHS, RESULT, TENDER, files

SCHEMAS = Path(__file__).parent / "data" / "ocds"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "ocds-samples"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(name: str) -> Draft4Validator:
    schema = json.loads((SCHEMAS / f"{name}-package-schema.json").read_text(encoding="utf-8"))
    return Draft4Validator(schema, registry=REGISTRY)


RELEASES = validator("release")
RECORDS = validator("record")


def errors(check: Draft4Validator, data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(data)]


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


@pytest.fixture
def chain_site(build_site):
    return build_site(files(), site_url="https://xxgk.example.gov.cn/", plugins=[{"gk-catalog": {"ocid_prefix": "ocds-abc123"}}])


def test_project_release_and_record_packages_are_valid_ocds_1_1(chain_site):
    releases = load(chain_site, "data/ocds/SLCG2024-018/release-package.json")
    record = load(chain_site, "data/ocds/SLCG2024-018/record-package.json")
    assert errors(RELEASES, releases) == []
    assert errors(RECORDS, record) == []
    assert releases["version"] == "1.1"
    assert releases["uri"] == "https://xxgk.example.gov.cn/data/ocds/SLCG2024-018/release-package.json"
    for release in releases["releases"]:
        datetime.datetime.fromisoformat(release["date"])  # RFC 3339 with +08:00
        assert release["ocid"] == "ocds-abc123-SLCG2024-018"


def test_combined_packages_are_valid_ocds_1_1(chain_site):
    assert errors(RELEASES, load(chain_site, "data/ocds/release-package.json")) == []
    records = load(chain_site, "data/ocds/record-package.json")
    assert errors(RECORDS, records) == []
    linked = records["records"][0]["releases"]
    assert linked[0]["url"].startswith("https://xxgk.example.gov.cn/data/ocds/SLCG2024-018/release-package.json#")


def test_releases_follow_the_notices_and_the_record_compiles_them(chain_site):
    releases = load(chain_site, "data/ocds/SLCG2024-018/release-package.json")["releases"]
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["tenderAmendment"], ["award"], ["contract"]]
    assert [r["id"] for r in releases] == [f"114419000073302510/2024-0000{n}" for n in range(1, 6)]
    amendment = releases[2]["tender"]["amendments"][0]
    assert amendment["amendsReleaseID"] == releases[1]["id"] and amendment["rationale"] == "投标截止时间顺延。"
    compiled = load(chain_site, "data/ocds/SLCG2024-018/record-package.json")["records"][0]["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["tenderPeriod"]["endDate"] == "2024-09-27T09:30:00+08:00"  # after the correction
    assert compiled["tender"]["procurementMethod"] == "open" and compiled["tender"]["procurementMethodDetails"] == "公开招标"
    award = compiled["awards"][0]
    assert award["value"] == {"amount": 1836000, "currency": "CNY"} and award["date"].startswith("2024-09-30")
    contract = compiled["contracts"][0]
    assert contract["id"] == "SLCZ-HT-2024-018" and contract["awardID"] == award["id"]
    assert contract["dateSigned"].startswith("2024-10-11")
    roles = {p["name"]: set(p["roles"]) for p in compiled["parties"]}
    assert roles["示例市财政局"] == {"buyer"} and roles["示例信息科技有限公司"] == {"supplier"}
    supplier = next(p for p in compiled["parties"] if p["name"] == "示例信息科技有限公司")
    assert supplier["identifier"] == {"id": "91441900MA4UX8K7R6", "legalName": "示例信息科技有限公司", "scheme": "CN-SAIC"}


def test_project_page_links_the_data_files(chain_site):
    from bs4 import BeautifulSoup

    page = chain_site / "catalog/procurement/project/SLCG2024-018/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a[download]")]
    assert links and all((page.parent / href).resolve().is_file() for href in links)


def test_notices_on_request_stay_out_of_the_data(build_site):
    on_request = RESULT.replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info")
    site = build_site(files(result=on_request))
    releases = load(site, "data/ocds/SLCG2024-018/release-package.json")
    assert ["award"] not in [r["tag"] for r in releases["releases"]]
    assert "示例信息科技有限公司" in (site / "data/ocds/SLCG2024-018/release-package.json").read_text(encoding="utf-8")  # from the contract
    assert errors(RELEASES, releases) == []


def test_terminated_and_odd_project_numbers_export_valid_data(build_site):
    odd = "东财采〔2024〕18号"
    tender = TENDER.replace("SLCG2024-018", odd)
    stop = (
        CORRECTION.replace("SLCG2024-018", odd).replace("notice_type: 更正公告", "notice_type: 终止公告")
        .replace("corrects: procurement/2024/2-tender\n", "").replace("更正公告", "终止公告")
    )
    site = build_site({PATHS["tender"]: tender, PATHS["correction"]: stop})
    folder = next((site / "data/ocds").glob("*-*/"))
    releases = load(site, str((folder / "release-package.json").relative_to(site)))
    assert errors(RELEASES, releases) == []
    assert [r["tag"] for r in releases["releases"]] == [["tender"], ["tenderCancellation"]]
    assert releases["releases"][1]["tender"]["status"] == "cancelled"
    assert errors(RECORDS, load(site, str((folder / "record-package.json").relative_to(site)))) == []


# --- the validator itself, on the shared samples -------------------------------

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/data/ocds-samples not beside the repository")


@needs_samples
def test_the_validator_accepts_the_canonical_1_1_sample():
    folder = SAMPLES / "sample-data-fictional-1.1"
    assert errors(RELEASES, json.loads((folder / "ocds-213czf-000-00001.json").read_text(encoding="utf-8"))) == []
    assert errors(RECORDS, json.loads((folder / "record-ocds-213czf-000-00001.json").read_text(encoding="utf-8"))) == []


@needs_samples
def test_the_validator_rejects_look_alike_data():
    for path in sorted((SAMPLES / "real-taiwan").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert errors(RELEASES, {"uri": "x", "version": "1.1", "publisher": {"name": "x"}, "publishedDate": data["date"], "releases": [data]}), path.name
