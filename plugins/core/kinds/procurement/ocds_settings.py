"""What the OCDS files would carry as a placeholder, said by ``build`` and ``check`` while it lasts (``Kind.site_problems``).

The ocid prefix, the publisher, the licence and the publication policy are the office's to declare
(mkdocs.yml); the packages never carry an invented one, and the build says what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...load.schema import stated
from ...problems.diagnostics import Diagnostic, Severity
from ...wall.view import PublicCatalog
from .ocds import DEFAULT_OCID_PREFIX, is_url


def settings_problems(public: PublicCatalog, settings: Mapping[str, Any]) -> list[Diagnostic]:
    """What the OCDS files would say that is a placeholder, while there are any (a build warning each).

    Nothing when no procurement project is published: no OCDS file is written then.
    """
    if not any(e.kind == "procurement" and e.meta.disclosure == "主动公开" and stated(e.meta.project_no) for e in public.entries):  # type: ignore[attr-defined]
        return []
    found = []
    prefix = str(settings.get("ocid_prefix") or DEFAULT_OCID_PREFIX)
    if prefix == DEFAULT_OCID_PREFIX:
        found.append(("ocds-ocid-placeholder", f"OCDS 的 ocid 前缀还是占位的 {DEFAULT_OCID_PREFIX}：数据包中每个采购项目的编号都不是正式的",
                      "向开放合同伙伴（Open Contracting Partnership）登记前缀后，在 mkdocs.yml 的 gk-catalog 下写 ocid_prefix: ocds-……"))
    publisher = str(settings.get("ocds_publisher") or "")
    if not publisher or publisher not in public.organs:
        what = f"ocds_publisher 写的 {publisher} 不在 organs.yml 中" if publisher else "没有写 ocds_publisher"
        found.append(("ocds-publisher-missing", f"OCDS 数据包的发布者只有网站名称（{what}）",
                      "在 mkdocs.yml 的 gk-catalog 下写 ocds_publisher: 发布数据的机构编号（organs.yml 的 id）"))
    for option, label in (("ocds_license", "许可协议 license"), ("ocds_publication_policy", "发布政策 publicationPolicy")):
        value = settings.get(option)
        if not is_url(value):
            what = f"{option} 写的“{str(value)[:60]}”不是网址" if value else f"没有写 {option}"
            found.append(("ocds-license-missing", f"OCDS 数据包没有{label}（{what}），数据使用者不知道能否使用",
                          f"在 mkdocs.yml 的 gk-catalog 下写 {option}: 本单位确定的{label.split()[0]}的网址（https://……）"))
    return [Diagnostic("mkdocs.yml", 0, 0, code, what, fix, field="plugins.gk-catalog", label="OCDS 设置", severity=Severity.WARNING) for code, what, fix in found]
