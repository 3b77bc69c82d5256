"""Procurement projects as Open Contracting Data Standard 1.1 releases and records.

Built only from the public view (主动公开 notices; 依申请公开 ones are left
out because their details are not published). One OCDS contracting process
(ocid) per 项目编号, one release per notice, and a record per project whose
compiled release is merged by ``ocdsmerge`` with the 1.1 merge rules.
No MkDocs here.
"""

from __future__ import annotations

import datetime
import json
import posixpath
from collections.abc import Iterable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from ...load.model import Entry
from ...load.schema import stated
from ...pages.page import Page
from ...pages.site import Site
from .projects import Project, project_slug
from .rules import CLOSING_TYPES, RESULT_TYPES, TENDER_TYPES
from .model import meta_of


VERSION = "1.1"
DEFAULT_OCID_PREFIX = "ocds-xxxxxx"
"""Placeholder: a publisher registers its own prefix with the Open Contracting Partnership."""
RELEASE_SCHEMA = Path(__file__).parent / "data" / "ocds-release-schema-1.1.5.json"
DATA_ROOT = "data/ocds"
TZ = datetime.timezone(datetime.timedelta(hours=8))

METHOD = {
    "公开招标": "open",
    "邀请招标": "selective",
    "竞争性谈判": "selective",
    "竞争性磋商": "selective",
    "询价": "selective",
    "单一来源": "direct",
}
"""采购方式 → OCDS procurementMethod (closed codelist); 框架协议 and 其他 keep only the details."""

CATEGORY = {"货物": "goods", "工程": "works", "服务": "services"}
"""采购类别 → OCDS mainProcurementCategory (closed codelist)."""

ENTERPRISE_SCHEME = "CN-SAIC"
"""org-id.guide's list for China (IATI OrganisationRegistrationAgency codelist: State Administration for Industry
and Commerce, now 市场监管总局): the register of enterprises, whose 统一社会信用代码 begins with 9 (GB 32100
登记管理部门码). No list there is known for the codes of 机构编制-registered organs (1…) or 民政 (5…): their
identifier keeps the code and the legal name without a scheme rather than a made-up one."""

DOCUMENT_TYPE = {
    "采购意向": "plannedProcurementNotice",
    "中标结果公告": "awardNotice",
    "成交结果公告": "awardNotice",
    "合同公告": "contractNotice",
    "终止公告": "cancellationDetails",
    "废标公告": "cancellationDetails",
    "投诉处理结果": "complaints",
    "验收结果公告": "completionCertificate",
}


# --- paths -------------------------------------------------------------------


def release_package_src(project_no: str) -> str:

    return f"{DATA_ROOT}/{project_slug(project_no)}/release-package.json"


def record_package_src(project_no: str) -> str:

    return f"{DATA_ROOT}/{project_slug(project_no)}/record-package.json"


ALL_RELEASES = f"{DATA_ROOT}/release-package.json"
ALL_RECORDS = f"{DATA_ROOT}/record-package.json"


def _settings(site: Site) -> dict[str, Any]:
    return dict(getattr(site, "settings", None) or {})


def _absolute(site: Site, path: str) -> str:
    """Absolute URL when mkdocs.yml has site_url; otherwise the site-relative path."""
    base = str(_settings(site).get("site_url") or "")
    if base:
        return base.rstrip("/") + "/" + path
    return path


def _page_url(site: Site, entry: Entry) -> str:
    return _absolute(site, site.url_of(site.entry_src(entry)))


def file_href(site: Site, from_src: str, path: str) -> str:
    """Relative link from a page to a data file."""
    base = site.url_of(from_src)
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    return posixpath.relpath(path, base_dir or ".")


# --- releases ----------------------------------------------------------------


def _releasable(entry: Entry) -> bool:
    """主动公开 and dated: an OCDS release must carry its date, so an archive notice whose 发布日期 is 未说明 is left out, not given one."""
    return entry.meta.disclosure == "主动公开" and isinstance(entry.meta.published, datetime.date)


def exportable(project: Project) -> bool:
    return any(_releasable(n) for n in project.notices)


def ocid(project_no: str, site: Site) -> str:

    prefix = str(_settings(site).get("ocid_prefix") or DEFAULT_OCID_PREFIX)
    return f"{prefix}-{project_slug(project_no)}"


def _when(day: datetime.date | datetime.datetime | str) -> str:
    assert not isinstance(day, str), "undated notices make no release (_releasable)"
    if isinstance(day, datetime.datetime):
        moment = day if day.tzinfo else day.replace(tzinfo=TZ)
    else:
        moment = datetime.datetime(day.year, day.month, day.day, tzinfo=TZ)
    return moment.isoformat()


def _value(amount: float | str | None) -> dict[str, Any] | None:
    amount = stated(amount)  # a notice that does not state it (未说明) has no value here: never a 0
    if amount is None:
        return None
    return {"amount": int(amount) if float(amount).is_integer() else amount, "currency": "CNY"}


def _party_id(name: str, uscc: str | None) -> str:
    return f"CN-USCC-{uscc}" if uscc else f"name-{name}"


def _scheme(uscc: str) -> str | None:
    """The org-id.guide list a 统一社会信用代码 belongs to, where one is known (``ENTERPRISE_SCHEME``)."""
    return ENTERPRISE_SCHEME if uscc.startswith("9") else None


def _party(name: str, uscc: str | None, role: str, address: str | None = None) -> dict[str, Any]:
    party: dict[str, Any] = {"id": _party_id(name, uscc), "name": name, "roles": [role]}
    if uscc:
        identifier: dict[str, Any] = {"id": uscc, "legalName": name}
        scheme = _scheme(uscc)
        if scheme:
            identifier["scheme"] = scheme
        party["identifier"] = identifier
    if address:
        party["address"] = {"streetAddress": address, "countryName": "中国"}
    return party


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


class _Releases:
    """Releases of one project, oldest first, remembering award ids for contracts."""

    def __init__(self, project: Project, site: Site):
        self.project = project
        self.site = site
        self.ocid = ocid(project.project_no, site)
        self.awards: dict[str, str] = {}
        """supplier name -> award id, from the latest result notice so far."""
        self.contracts: list[str] = []
        self.ids: dict[str, str] = {}
        self.codes = {item.name: str(item.data.get("uscc") or "") or None for item in site.public.organs.values()}
        """Organ name -> 统一社会信用代码, so a purchaser or agency named in full gets its code."""

    def all(self) -> list[dict[str, Any]]:
        out = []
        for entry in self.project.notices:
            if not _releasable(entry):
                continue
            out.append(self.release(entry))
        return out

    def release(self, entry: Entry) -> dict[str, Any]:

        meta: Any = entry.meta
        notice_type = meta.notice_type
        release_id = meta.index_no or entry.ref
        self.ids[entry.ref] = release_id
        purchaser = meta.purchaser or self.site.organ_name(meta.organ)
        buyer = _party(purchaser, self.codes.get(purchaser), "buyer")
        parties = [buyer]
        procuring = None
        if meta.agency:
            procuring = _party(meta.agency, self.codes.get(meta.agency), "procuringEntity")
            parties.append(procuring)
        document = {
            "id": release_id,
            "documentType": DOCUMENT_TYPE.get(notice_type, "tenderNotice"),
            "title": meta.title,
            "description": meta.summary,
            "url": _page_url(self.site, entry),
            "datePublished": _when(meta.published),
            "format": "text/html",
            "language": "zh",
        }
        tender: dict[str, Any] = {
            "id": self.project.project_no,
            "title": meta.project_name,
            "mainProcurementCategory": CATEGORY.get(meta.category or ""),  # only where the notice states it
            "description": meta.requirement,
            "procuringEntity": {"id": procuring["id"], "name": procuring["name"]} if procuring else None,
        }
        release: dict[str, Any] = {
            "ocid": self.ocid,
            "id": release_id,
            "date": _when(meta.published),
            "initiationType": "tender",
            "language": "zh",
            "buyer": {"id": buyer["id"], "name": buyer["name"]},
        }
        if notice_type == "采购意向":
            release["tag"] = ["planning"]
            release["planning"] = {
                "rationale": meta.requirement,
                "budget": {"description": meta.project_name, "amount": _value(meta.budget_amount)},
                "documents": [document],
            }
            tender["status"] = "planned"
            tender["value"] = _value(meta.budget_amount)
            if meta.planned:
                start = str(meta.planned) + ("-01" if len(str(meta.planned)) == 7 else "")
                tender["tenderPeriod"] = {"startDate": _when(datetime.date.fromisoformat(start))}
        elif notice_type in TENDER_TYPES:
            release["tag"] = ["tender"]
            tender.update(self._tender_details(meta))
            tender["status"] = "active"
            tender["documents"] = [document]
            if notice_type == "单一来源公示":
                tender["tenderers"] = [{"id": _party_id(s.name, s.uscc), "name": s.name} for s in meta.suppliers]
                parties += [_party(s.name, s.uscc, "tenderer", s.address) for s in meta.suppliers]
        elif notice_type in RESULT_TYPES:
            release["tag"] = ["award"]
            tender["status"] = "complete"
            awards = []
            self.awards = {}
            for i, s in enumerate(meta.suppliers, 1):
                award_id = f"{release_id}-{i}"
                self.awards[s.name] = award_id
                awards.append({
                    "id": award_id,
                    "title": (meta.project_name or meta.title) + (f"（第{s.lot}包）" if s.lot else ""),
                    "status": "active",
                    "date": _when(meta.decided) if meta.decided else None,
                    "value": _value(s.amount),
                    "suppliers": [{"id": _party_id(s.name, s.uscc), "name": s.name}],
                    "documents": [document],
                })
                parties.append(_party(s.name, s.uscc, "supplier", s.address))
            release["awards"] = awards
        elif notice_type == "合同公告":
            release["tag"] = ["contract"]
            contracts = []
            self.contracts = []
            for i, s in enumerate(meta.suppliers, 1):
                contract_id = meta.contract_no if meta.contract_no and len(meta.suppliers) == 1 else f"{release_id}-{i}"
                self.contracts.append(contract_id)
                contracts.append({
                    "id": contract_id,
                    "awardID": self.awards.get(s.name) or next(iter(self.awards.values()), f"{release_id}-{i}"),
                    "title": (meta.project_name or meta.title) + (f"（第{s.lot}包）" if s.lot else ""),
                    "status": "active",
                    "value": _value(s.amount),
                    "dateSigned": _when(meta.signed) if meta.signed else None,
                    "documents": [document],
                })
                parties.append(_party(s.name, s.uscc, "supplier", s.address))
            release["contracts"] = contracts
        elif notice_type in CLOSING_TYPES:
            release["tag"] = ["tenderCancellation"] if notice_type == "终止公告" else ["tenderUpdate"]
            tender["status"] = "cancelled" if notice_type == "终止公告" else "unsuccessful"
            document["description"] = meta.reason or meta.summary
            tender["documents"] = [document]
        elif notice_type == "更正公告":
            release.update(self._correction(entry, tender, document))
        elif notice_type == "验收结果公告" and self.contracts:
            release["tag"] = ["implementation"]
            release["contracts"] = [
                {"id": cid, "awardID": next(iter(self.awards.values()), cid), "implementation": {"documents": [document]}}
                for cid in self.contracts
            ]
        else:  # 投诉处理结果, or 验收 without a published contract
            release["tag"] = ["tenderUpdate"]
            tender["documents"] = [document]
        release["tender"] = tender
        release["parties"] = _unique_parties(parties)
        return _drop_empty(release)

    @staticmethod
    def _tender_details(meta: Any) -> dict[str, Any]:
        details: dict[str, Any] = {
            "procurementMethod": METHOD.get(meta.method or ""),
            "procurementMethodDetails": meta.method,
            "value": _value(stated(meta.max_price) if stated(meta.max_price) is not None else meta.budget_amount),
        }
        if meta.deadline:
            details["tenderPeriod"] = {"startDate": _when(meta.published), "endDate": _when(meta.deadline)}
        return details

    def _correction(self, entry: Entry, tender: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:

        meta: Any = entry.meta
        original = self.site.by_ref.get(meta.corrects or "")
        amendment = {
            "id": document["id"],
            "date": _when(meta.published),
            "rationale": meta.reason or meta.summary or meta.title,
            "description": meta.summary,
            "amendsReleaseID": self.ids.get(original.ref) if original is not None else None,
            "releaseID": document["id"],
        }
        original_type = getattr(original.meta, "notice_type", "") if original is not None else ""
        if original_type in RESULT_TYPES and self.awards:
            return {"tag": ["awardUpdate"], "awards": [
                {"id": aid, "amendments": [amendment], "documents": [document]} for aid in self.awards.values()
            ]}
        if original_type == "合同公告" and self.contracts:
            return {"tag": ["contractAmendment"], "contracts": [
                {"id": cid, "awardID": next(iter(self.awards.values()), cid), "amendments": [amendment], "documents": [document]}
                for cid in self.contracts
            ]}
        details = self._tender_details(meta)
        if meta.deadline:
            details["tenderPeriod"] = {"endDate": _when(meta.deadline)}
        tender.update({k: v for k, v in details.items() if v})
        tender["amendments"] = [amendment]
        tender["documents"] = [document]
        return {"tag": ["tenderAmendment"]}


def _unique_parties(parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One party per id, roles combined."""
    by_id: dict[str, dict[str, Any]] = {}
    for party in parties:
        known = by_id.get(party["id"])
        if known is None:
            by_id[party["id"]] = party
        else:
            known["roles"] = sorted(set(known["roles"]) | set(party["roles"]))
    return list(by_id.values())


# --- packages ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _merger() -> Any:
    import ocdsmerge

    return ocdsmerge.Merger(schema=str(RELEASE_SCHEMA))


def releases(project: Project, site: Site) -> list[dict[str, Any]]:
    return _Releases(project, site).all()


def record(project: Project, site: Site, release_list: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    release_list = release_list if release_list is not None else releases(project, site)
    compiled = _merger().create_compiled_release(release_list)
    return {"ocid": ocid(project.project_no, site), "releases": release_list, "compiledRelease": compiled}


def _publisher(site: Site) -> dict[str, Any]:
    """The organ named by ``ocds_publisher`` (its name, 统一社会信用代码 and the site), else only the site's name."""
    settings = _settings(site)
    organ = site.public.organs.get(str(settings.get("ocds_publisher") or ""))
    if organ is None:
        return {"name": str(settings.get("site_name") or "政府信息公开目录")}
    uscc = str(organ.data.get("uscc") or "")
    publisher: dict[str, Any] = {"name": organ.name}
    if uscc:
        publisher["uid"] = uscc
        if _scheme(uscc):
            publisher["scheme"] = _scheme(uscc)
    if settings.get("site_url"):
        publisher["uri"] = str(settings["site_url"])
    return publisher


def _package(site: Site, path: str, published: str, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    settings = _settings(site)
    package: dict[str, Any] = {
        "uri": _absolute(site, path),
        "version": VERSION,
        "publisher": _publisher(site),
        "publishedDate": published,
    }
    for field, option in (("license", "ocds_license"), ("publicationPolicy", "ocds_publication_policy")):
        if is_url(settings.get(option)):  # declared by the office; never a default licence it did not choose
            package[field] = str(settings[option]).strip()
    package[key] = items
    return package


def is_url(value: object) -> bool:
    """An http(s) address as the office wrote it (the licence and the publication policy)."""
    return isinstance(value, str) and value.strip().startswith(("https://", "http://")) and " " not in value.strip()


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _package_pages(site: Site, release_src: str, record_src: str, published: Any, release_list: list[dict[str, Any]], rec: dict[str, Any]) -> list[Page]:
    return [
        Page(release_src, _dump(_package(site, release_src, published, "releases", release_list))),
        Page(record_src, _dump(_package(site, record_src, published, "records", [rec]))),
    ]


def export_pages(projects: Iterable[Project], site: Site) -> Iterable[Page]:
    """Per project a release package and a record package; plus packages of all projects."""
    parts: list[tuple[list[dict[str, Any]], dict[str, Any], str, dict[str, Any]]] = []
    for project in projects:
        if not exportable(project):
            continue
        signature = _signature(project, site) if site.memo is not None else ()
        part = site.cached_value(("ocds", project.project_no), signature, partial(_project_data, project, site))
        parts.append(part)
        release_list, rec, published, _ = part
        release_src, record_src = release_package_src(project.project_no), record_package_src(project.project_no)
        yield from site.cached(("ocds-files", project.project_no), (release_list,), partial(_package_pages, site, release_src, record_src, published, release_list, rec))
    if parts:
        # the combined packages are remade only when some project's releases changed
        yield from site.cached("ocds-all", tuple(part[0] for part in parts), lambda: _all_packages(site, parts))


def _signature(project: Project, site: Site) -> tuple[Any, ...]:
    """A project's releases read its notices and the notices they correct."""
    return (tuple(project.notices), tuple(site.by_ref.get(meta_of(n).corrects or "") for n in project.notices))


def _project_data(project: Project, site: Site) -> tuple[list[dict[str, Any]], dict[str, Any], str, dict[str, Any]]:
    """A project's releases, its record, its newest release date and its line in the all-records package."""
    release_list = releases(project, site)
    rec = record(project, site, release_list)
    link = _absolute(site, release_package_src(project.project_no))
    summary = {
        "ocid": rec["ocid"],
        "releases": [{"url": f"{link}#{r['id']}", "date": r["date"], "tag": r["tag"]} for r in release_list],
        "compiledRelease": rec["compiledRelease"],
    }
    return release_list, rec, max(r["date"] for r in release_list), summary


def _all_packages(site: Site, parts: list[tuple[list[dict[str, Any]], dict[str, Any], str, dict[str, Any]]]) -> list[Page]:
    all_releases = [release for part in parts for release in part[0]]
    all_records = [part[3] for part in parts]
    latest = max(part[2] for part in parts)
    return [
        Page(ALL_RELEASES, _dump(_package(site, ALL_RELEASES, latest, "releases", all_releases))),
        Page(ALL_RECORDS, _dump(_package(site, ALL_RECORDS, latest, "records", all_records))),
    ]
