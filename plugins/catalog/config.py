"""Options of the ``gk-catalog`` plugin in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c


class _Text(c.Type):
    """A text option whose wrong type is said in Chinese, with the value as written (MkDocs prints "<class 'list'>")."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)
        self.label = label

    def run_validation(self, value: object) -> object:
        if not isinstance(value, str):
            raise base.ValidationError(f"{self.label}应为一段文字（如 ../文件夹名），这里写成了 {value!r}：不要用列表、数字或键值对")
        return value


class _Workers(c.Type):
    """``workers``: 0 or a positive whole number, said in Chinese when it is not."""

    def __init__(self) -> None:
        super().__init__(int, default=0)  # every core: the output is byte-identical to one process (tests/test_parallel_render.py)

    def run_validation(self, value: object) -> object:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise base.ValidationError(f"workers（生成页面的进程数）应为 0（每个处理器核心一个）或正整数（如 2），这里写成了 {value!r}")
        return value


# The footer a government website carries (《政府网站发展指引》): key -> (Chinese label, required).
FOOTER_ITEMS: dict[str, tuple[str, bool]] = {
    "sponsor": ("主办单位", True),
    "organizer": ("承办单位", True),
    "site_id_code": ("网站标识码", True),
    "icp": ("ICP备案号", True),
    "police": ("公安机关备案号", True),
    "police_code": ("公安机关备案号的编号（链接用）", False),
    "party_mark": ("党政机关网站开办者标识图片（content/ 中的文件）", False),
    "party_mark_url": ("党政机关网站开办者标识的链接", False),
    "contact": ("联系我们（content/ 中的页面或一行联系方式）", True),
    "demo": ("演示标记", False),
}


class _Footer(c.BaseConfigOption[dict[str, Any]]):
    """The ``footer`` option: each value text; a missing required item warns in Chinese with its key."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Any] = {}

    def run_validation(self, value: object) -> dict[str, Any]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise base.ValidationError(f"页脚 footer 应为键值对（如 sponsor: 某某县人民政府办公室），这里写成了 {value!r}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in FOOTER_ITEMS:
                known = "、".join(f"{k}（{v[0]}）" for k, v in FOOTER_ITEMS.items())
                raise base.ValidationError(f"页脚 footer 没有 {key!r} 这一项；可写的项：{known}")
            if key == "demo":
                if not isinstance(item, bool):
                    raise base.ValidationError(f"footer.demo（演示标记）应为 true 或 false，这里写成了 {item!r}")
                out[key] = item
                continue
            if not isinstance(item, (str, int)) or isinstance(item, bool) or not str(item).strip():
                raise base.ValidationError(f"footer.{key}（{FOOTER_ITEMS[key][0]}）应为一段文字，这里写成了 {item!r}")
            out[key] = str(item).strip()
        for key, (label, required) in FOOTER_ITEMS.items():
            if required and key not in out:
                self.warnings.append(
                    f"页脚缺少{label}：请在 mkdocs.yml 的 plugins → gk-catalog → footer 下写 {key}: …（政府网站页脚必备项，见 docs/public-site.md）"
                )
        return out


class CatalogConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, e.g. for a quick preview of content/ only."""
    catalog_dir = _Text("目录文件夹 catalog_dir ", default="catalog")
    """Folder holding the entries and the registries, relative to mkdocs.yml."""
    private_dir = _Text("私有文件夹 private_dir ", default="")
    """Folder of withheld entries kept out of a public repository (same layout as catalog/), relative
    to mkdocs.yml, e.g. ``../gk-private``. Loaded, checked and counted, never published; where it is
    absent the counts come from catalog/withheld-counts.yml. See docs/security.md."""
    attachments_dir = c.Optional(_Text("附件文件夹 attachments_dir "))
    """A folder inside catalog_dir (relative to mkdocs.yml, e.g. ``catalog/附件``) that entries may take
    attachments from besides their own folder; unset: attachments live beside their entries."""
    cache = c.Type(bool, default=True)
    """Keep what each entry file parses to on disk, so a later ``check`` or ``build`` reads only changed files."""
    cache_dir = _Text("缓存文件夹 cache_dir ", default=".cache")
    """Folder of that cache, relative to mkdocs.yml (its own .gitignore keeps it out of git)."""
    workers = _Workers()
    """Processes that render the generated pages of a full build (plugins/catalog/parallel.py); 0: one per core.
    ``serve`` always renders in one process."""
    page_size = c.Type(int, default=50)
    """Entries per listing page."""
    apply_page = c.Type(str, default="apply.md")
    """The 依申请公开 guide in content/, linked from every 依申请公开 entry."""
    guide_page = c.Type(str, default="guide.md")
    """The 信息公开指南 in content/."""
    validation = c.Optional(c.Type(object))
    """Adjustable warnings this office raises to errors (``warnings_as_errors``) or does not report (``ignore``).
    Checked by plugins/core/problems/codes/validation.py, which names the line of a mistake. See docs/problem-codes.md."""
    footer = _Footer()
    """主办单位, 网站标识码, ICP备案号 … shown in every page's footer (plugins/catalog/theme/partials/copyright.html)."""
    ocid_prefix = c.Type(str, default="ocds-xxxxxx")
    """OCDS ocid prefix registered with the Open Contracting Partnership (procurement exports)."""
    ocds_publisher = c.Type(str, default="")
    """Id in organs.yml of the organ that publishes the OCDS data (its name and 统一社会信用代码 in the packages' ``publisher``)."""
    ocds_license = c.Type(str, default="")
    """URL of the licence the OCDS data is published under (the packages' ``license``), e.g. an open-data licence the office declared."""
    ocds_publication_policy = c.Type(str, default="")
    """URL of the office's OCDS publication policy (the packages' ``publicationPolicy``)."""

