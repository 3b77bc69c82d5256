"""``python build.py review``: run the review, write the report, choose the exit status.

Exit status: 0 nothing blocks publication, 1 something does (an error or a
detector finding in the working tree), 2 the review could not run (unknown
base ref, not a git repository). No MkDocs here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from ..wall.logview import public_log_wanted
from ..load.gitref import GitRefError
from .change import review
from .report import COMMENT_LIMIT, markdown, public_markdown, to_html, to_json


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV and !!python/name tags; they are not needed here."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data: ``site_url`` for the addresses the public will use, the Markdown setup for the page previews."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def main(config_file: Path, catalog_dir: Path, base: str, *, out: str | None = None, public_comment: bool = False,
         attachments_dir: Path | None = None, preview_url: str = "") -> int:
    config = read_config(config_file)
    try:
        report = review(config_file.parent, catalog_dir, base, site_url=str(config.get("site_url") or ""), attachments_dir=attachments_dir,
                        config=config, preview_url=preview_url)
    except GitRefError as exc:
        print(f"无法进行保密审查：{exc.what} — {exc.fix}", file=sys.stderr)
        return 2
    if not out and not public_comment and public_log_wanted():
        # CI logs are read by everyone who can read the repository's CI: the full report (it names
        # withheld entries) goes to a file only. See docs/security.md.
        print("注意：在 CI 中完整报告不打印到日志（它列出不予公开条目的标题）；下面是可公开摘要。完整报告请用 --out 文件夹 写入文件。", file=sys.stderr)
        public_comment = True
    render = public_markdown if public_comment else markdown
    text = render(report, limit=COMMENT_LIMIT if public_comment else None)
    if out:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "review.md").write_text(text + "\n", encoding="utf-8")
        (folder / "review.json").write_text(to_json(report, public=public_comment) + "\n", encoding="utf-8")
        variant = "可公开摘要" if public_comment else "完整报告（仅供审查人员）"
        (folder / "review.html").write_text(to_html(text, f"保密审查{variant}"), encoding="utf-8")
        print(f"审查报告（{variant}）已写入 {folder / 'review.md'}、{folder / 'review.html'}（用浏览器打开）和 {folder / 'review.json'}。")
    else:
        print(text)
    counts = f"{len(report.records)} 个条目需审查，用时 {report.elapsed:.2f} 秒"
    if report.blocked:
        print(f"审查未通过：有问题阻止发布（{counts}）。", file=sys.stderr)
        return 1
    print(f"审查完成：没有阻止发布的问题（{counts}）。", file=sys.stderr)
    return 0
