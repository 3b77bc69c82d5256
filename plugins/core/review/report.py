"""Present a review Report: Markdown for a pull-request comment, and JSON.

Two variants. The full report is for the reviewers' eyes only: it names
withheld entries and their reasons. The public-comment variant names public
entries only and gives withheld ones as counts. No MkDocs here.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from html import escape
from typing import Any

import markdown as python_markdown

from . import textdiff
from .record import CHANGES, Record, Report

MARKER = "<!-- gk-catalog-review -->"
"""Lets the CI job find and update its own comment instead of adding a new one."""
COMMENT_LIMIT = 60000
"""GitHub refuses comments over 65,536 characters; GitLab notes over 1,000,000."""

IN_RECORD = {"title", "summary", "disclosure", "index_no", "organ", "kind"}
"""Fields the record table already shows; a new entry's field list leaves them out."""
OLD_ERRORS_SHOWN = 20
"""Errors the base already had are summarised: the reviewer decides about this change."""
PUBLIC_CHANGES = ("published", "changed")
"""Record kinds whose titles the public-comment variant may show (only when the entry is public)."""


_ABSOLUTE = re.compile(r"^https?://", re.I)
_MARKDOWN = re.compile(r"([\\`*_\[\]#~])")


_GITHUB_LINKS = re.compile(r"(@|#(?=\d)|:(?=//)|\bwww(?=\.))", re.I)
"""Where GitHub links text after Markdown (a mention, an issue number, a bare address): an empty comment breaks it."""


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: no HTML, no emphasis, no column breaks, no mentions, no links.

    GitHub finds ``@name``, ``#12`` and bare addresses in the rendered text, after
    entities and backslash escapes are gone; an empty HTML comment after the ``@``
    (``#``, ``:``, ``www``) is invisible and keeps the text as written.
    """
    value = escape(str(text if text is not None else ""), quote=False)
    value = _MARKDOWN.sub(r"\\\1", value)
    value = _GITHUB_LINKS.sub(r"\1<!-- -->", value)
    value = value.replace("|", "&#124;").replace("\n", "<br>")
    return value or "—"


def code(text: object) -> str:
    """A path or identifier as inline code inside a table cell."""
    value = str(text or "").replace("`", "'").replace("|", "\\|").replace("\n", " ")
    return f"`{value}`" if value else "—"


def fence(text: str, lang: str = "") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text}\n{ticks}"


def _link(url: str) -> str:
    """A preview address as a Markdown link (the address is ours: the preview URL given plus a page path)."""
    return f"[{cell(url)}]({url.replace(' ', '%20').replace(')', '%29')})"


def _html_block(html: str) -> str:
    """Rendered page HTML as one raw HTML block: a blank line would end it and turn the rest into Markdown."""
    return "\n".join(line for line in html.splitlines() if line.strip())


def _size(size: int | None) -> str:
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _verdict(report: Report, *, public: bool = False) -> str:
    blocking = len(report.errors) + len(report.old_errors) + sum(f.blocking for f in report.findings)
    if report.blocked:
        where = "详见完整报告" if public else "见“阻止发布的问题”和“检测发现”"
        return f"**结论：❌ 不能合并。** 有 {blocking} 个问题阻止发布（{where}），改正后重新运行审查。"
    return "**结论：✅ 没有阻止发布的问题。** 请逐条核对下面的审查记录；批准本次合并请求即表示同意审查意见。"


def _header(report: Report, title: str) -> list[str]:
    base = f"{code(report.base_ref)}（`{report.base_commit[:10]}`）"
    lines = [MARKER, f"## {title}", ""]
    facts = f"基准版本 {base} → 本次修改 · 变更文件 {report.changed_files} 个 · 生成于 {report.generated} · 用时 {report.elapsed:.2f} 秒"
    if report.pending_index_no:
        facts += (f"\n\n本次新增的 {report.pending_index_no} 个条目的索引号是预览号码（网址为预览网址）：合并到默认分支后自动分配并写回文件，"
                  "号码可能与预览不同；分支上不要手工填写。")
    if not report.base_present:
        facts += "\n\n基准版本中还没有目录文件夹：本次修改中的全部条目都按新增处理。"
    elif report.base_errors:
        facts += f"\n\n注意：基准版本本身有 {report.base_errors} 个错误，比较以其中能读取的条目为准。"
    return lines + [facts, ""]


def _summary_table(report: Report) -> list[str]:
    rows = [(CHANGES[key], len(report.of(key))) for key in CHANGES if key != "unreadable" or report.of(key)]
    rows.append(("附件新增或变更（将公开）", sum(1 for r in report.records for a in r.attachments if a.published and a.status in ("新增", "变更"))))
    rows.append(("检测发现（阻止发布）", sum(f.blocking for f in report.findings)))
    rows.append(("白名单放行（本次新增）", len(report.allowlisted)))
    rows.append(("原文如此（本次新增登记，照原样公开）", len(report.as_issued)))
    rows.append(("其他阻止发布的问题", len(report.errors) + len(report.old_errors)))
    return ["| 项目 | 数量 |", "| --- | ---: |", *(f"| {label} | {number} |" for label, number in rows), ""]


def _counts(report: Report, title: str = "### 对年度报告统计的影响") -> list[str]:
    lines = [title, ""]
    if not report.counts:
        return lines + ["年度报告中由目录计算的数字（主动公开、不予公开按理由、政策文件制发和废止）没有变化。", ""]
    lines += ["| 统计项 | 修改前 | 修改后 | 变化 |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {cell(row.label)} | {row.before} | {row.after} | {row.after - row.before:+d} |" for row in report.counts]
    return lines + [""]


# --- full report ------------------------------------------------------------------------


def _finding_rows(findings: list[Any], *, reason: bool = False) -> list[str]:
    head = "| 位置 | 字段 | 检测结果（值已遮盖） | 放行理由 | 代码 |" if reason else "| 位置 | 字段 | 检测结果（值已遮盖） | 阻止发布 | 代码 |"
    lines = [head, "| --- | --- | --- | --- | --- |"]
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else f.file
        what = f"{f.field}（{f.label}）" if f.label else f.field
        last = cell(f.reason) if reason else ("是" if f.blocking else "否（警告）")
        lines.append(f"| {code(where)} | {cell(what)} | {cell(f.message)} | {last} | `{f.code}` |")
    return lines + [""]


def _exemption_text(record: Record) -> str:
    if record.exemption is None:
        return "无（主动公开）" if record.public else "—"
    e = record.exemption
    text = f"{cell(e.name)}（{cell(e.basis)}；负面清单编号 {cell(e.id)}）" if e.basis else f"{cell(e.name)}（编号 {cell(e.id)}）"
    return f"依据：{text}<br>理由：{cell(e.reason) if e.reason else '⚠ 未填写'}"


def _record(number: int, record: Record) -> list[str]:
    title = cell(record.title)
    lines = [f"#### {number}. {CHANGES[record.change]} · {title}", ""]
    index_no = cell(record.index_no) + ("（预览：尚未写入文件，合并后分配）" if record.index_no_pending and record.index_no else "")
    disclosure = record.disclosure
    if record.previous_disclosure and record.previous_disclosure != record.disclosure:
        disclosure = f"{record.previous_disclosure} → {record.disclosure}"
    rows = [
        ("信息名称", title),
        ("内容摘要", cell(record.summary) if record.summary else "⚠ 未填写内容概述（summary）"),
        ("拟公开方式", cell(record.method)),
        ("公开范围", cell(record.scope)),
        ("公开时间", cell(record.when)),
        ("不予公开理由和依据", _exemption_text(record)),
        ("公开属性", cell(disclosure)),
        ("索引号", index_no),
        ("网址", code(record.url) if record.url else "—（不生成页面）"),
        *([("预览页面", _link(record.preview))] if record.preview else []),
        ("类别", cell(record.kind_name)),
        ("发布机构", cell(record.organ_name)),
        ("文件", code(record.source)),
    ]
    if record.owners:
        rows.append(("审查人（CODEOWNERS）", cell("；".join(record.owners))))
    lines += ["| 审查项 | 内容 |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in rows), ""]
    if record.change == "published":
        extra = [f for f in record.fields if f.key not in IN_RECORD and not f.key.startswith("attachments")]
        if extra:
            lines += ["**将公开的其他目录信息**", "", "| 字段 | 内容 |", "| --- | --- |"]
            lines += [f"| {cell(f.label)}（`{f.key}`） | {cell(f.new)} |" for f in extra]
            lines.append("")
    elif record.fields:
        lines += ["**公开内容的变化**", "", "| 字段 | 修改前 | 修改后 |", "| --- | --- | --- |"]
        lines += [f"| {cell(f.label)}（`{f.key}`） | {cell(f.old)} | {textdiff.as_markup(f.segments, cell) if f.segments else cell(f.new)} |" for f in record.fields]
        lines.append("")
    if record.page_html:
        lines += ["<details open><summary>页面预览：公众将看到的内容（按网站的显示方式生成）</summary>", "",
                  '<div class="gk-page">', _html_block(record.page_html), "</div>", "", "</details>", ""]
    if record.body:
        lines += [f"<details><summary>正文（全文公开，{len(record.body)} 字）</summary>", "", fence(record.body, "text"), "", "</details>", ""]
    if record.body_changes:
        lines += ["<details open><summary>正文的变化（将公开；<del>删去的</del>、<ins>加上的</ins>逐字标出）</summary>", ""]
        lines += [f"- 正文第 {change.line} 行：{textdiff.as_markup(change.segments, cell)}" for change in record.body_changes]
        lines += ["", "</details>", ""]
    elif record.body_diff:
        lines += ["<details open><summary>正文的变化（将公开）</summary>", "", fence(record.body_diff, "diff"), "", "</details>", ""]
    if record.hidden_changes:
        lines += ["不公开部分的改动（只列字段，不列内容）：" + "、".join(cell(h) for h in record.hidden_changes), ""]
    if record.redactions:
        lines += ["已遮盖的字段：" + "；".join(cell(r) for r in record.redactions), ""]
    if record.attachments:
        lines += ["| 附件 | 标题 | 状态 | 大小 | 类型 | 公开 |", "| --- | --- | --- | ---: | --- | --- |"]
        for a in record.attachments:
            kind = cell(a.mime) + (f"<br>⚠ {cell(a.note)}" if a.note else "")
            lines.append(f"| {code(a.file)} | {cell(a.title)} | {a.status} | {_size(a.size)} | {kind} | {'是' if a.published else '否'} |")
        lines.append("")
    if record.findings:
        lines += ["本条的检测发现：", ""]
        for f in record.findings:
            state = f"白名单放行：{cell(f.reason)}" if f.allowlisted else ("阻止发布" if f.blocking else "警告")
            lines.append(f"- {code(f'{f.file}:{f.line}')} {cell(f.message)}（{state}）`[{f.code}]`")
        lines.append("")
    for note in record.notes:
        lines.append(f"> ⚠ {cell(note)}")
    if record.notes:
        lines.append("")
    return lines


def markdown(report: Report, *, limit: int | None = None) -> str:
    """The full report: every record with titles and reasons. For reviewers only."""
    lines = _header(report, "保密审查报告：本次修改将公开什么")
    lines += [
        "> **仅供保密审查人员阅读，不得贴到公众可读的地方。** 本报告列出不予公开条目的标题、摘要和理由。",
        "> 需要在公开场合说明审查结果时，用 `python build.py review --public-comment` 生成的摘要。",
        "",
        _verdict(report),
        "",
        *_summary_table(report),
    ]
    if report.errors or report.old_errors:
        lines += ["### 阻止发布的问题", ""]
        lines += [f"- {cell(e)}" for e in report.errors] + [""]
    if report.old_errors:
        shown = report.old_errors[:OLD_ERRORS_SHOWN]
        lines += [f"基准版本中已有、本次未改动的文件里还有 {len(report.old_errors)} 个错误（同样阻止发布，应另行改正）："
                  + ("" if len(shown) == len(report.old_errors) else f"以下只列前 {len(shown)} 个，全部错误用 python build.py check 查看。"), ""]
        lines += [f"- {cell(e)}" for e in shown] + [""]
    if report.findings:
        lines += ["### 检测发现", "", "公民身份号码、手机号码、银行卡号、密级标志等。确属可以公开的（如单位公开电话），把它加入检测白名单并写明理由；否则删除或改为不予公开。", ""]
        lines += _finding_rows(report.findings)
    lines += ["### 审查记录（逐条）", ""]
    if not report.records:
        lines += ["本次修改没有新增、变更或停止公开任何条目。", ""]
    body: list[list[str]] = [_record(i, r) for i, r in enumerate(report.records, 1)]
    tail: list[str] = []
    if report.allowlisted or report.allowlisted_unchanged:
        tail += ["### 白名单放行的检测结果", ""]
        if report.allowlisted:
            tail += ["本次修改新增的放行（请逐条确认理由成立）：", "", *_finding_rows(report.allowlisted, reason=True)]
        if report.allowlisted_unchanged:
            tail += [f"另有 {report.allowlisted_unchanged} 处放行在基准版本中已经审查过，未列出。", ""]
    if report.as_issued or report.as_issued_unchanged:
        tail += ["### 原文如此（已核实，照原样公开）", "",
                 "原件印发时就有的问题，经核实登记在 as-issued.yml：不阻止发布，条目页面注明“原文如此”和核实说明。请确认每一项确是原件的写法，不是录入错误。", ""]
        tail += [f"- {code(f'{f.file}:{f.line}')} {cell(f.message)}（原文如此：{cell(f.reason)}）`[{f.code}]`" for f in report.as_issued]
        if report.as_issued:
            tail.append("")
        if report.as_issued_unchanged:
            tail += [f"另有 {report.as_issued_unchanged} 处原文如此在基准版本中已经登记，未列出。", ""]
    if report.unscanned:
        tail += ["### 未经自动检查、由审查人放行的附件", "",
                 "检测器无法读取这些附件（旧版 Office、WPS、压缩包、扫描件、图片等），白名单按文件内容的哈希放行；文件一改就要重新审查。", ""]
        tail += [f"- {code(f'{f.file}:{f.line}')} {cell(f.message)}（放行理由：{cell(f.reason)}）" for f in report.unscanned] + [""]
    tail += _counts(report)
    if report.registries or report.config_files:
        tail += ["### 名录和配置的变更", ""]
        if report.registries:
            tail += ["| 名录 | 编号 | 变更 | 修改前 | 修改后 |", "| --- | --- | --- | --- | --- |"]
            tail += [f"| {r.registry} | {code(r.id)} | {r.status} | {cell(r.before)} | {cell(r.after)} |" for r in report.registries]
            tail.append("")
        if report.config_files:
            tail += ["其他有改动的目录配置文件（如检测白名单）：" + "、".join(f"{code(p)}" for p in report.config_files), ""]
    if report.warnings:
        tail += ["### 警告（本次修改的文件）", "", *(f"- {cell(w)}" for w in report.warnings), ""]
    return _join(lines, body, tail, limit)


def _join(head: list[str], body: list[list[str]], tail: list[str], limit: int | None) -> str:
    """Keep whole records; when over ``limit`` cut records and say so (the files keep everything)."""
    text = "\n".join(head + [line for chunk in body for line in chunk] + tail)
    if limit is None or len(text) <= limit:
        return text
    kept: list[str] = []
    budget = limit - len("\n".join(head + tail)) - 200
    for i, chunk in enumerate(body):
        piece = "\n".join(chunk)
        if budget - len(piece) < 0:
            kept.append(f"> 报告过长，第 {i + 1} 条起的 {len(body) - i} 条审查记录未显示；完整内容见 CI 产物中的 review.md，或在本地运行 python build.py review。\n")
            break
        kept.append(piece)
        budget -= len(piece) + 1
    return "\n".join(head + kept + tail)


# --- public-comment variant -----------------------------------------------------------------


def _public_records(report: Report) -> list[Record]:
    """Entries the public variant may name: public, and with no blocking detector finding
    (a marked or personal document's title is not repeated where many people read it)."""
    return [r for r in report.records if r.change in PUBLIC_CHANGES and r.public and not any(f.blocking for f in r.findings)]


def public_markdown(report: Report, *, limit: int | None = None) -> str:
    """Titles only for public entries; withheld ones as counts. Safe where many people read it."""
    lines = _header(report, "保密审查摘要（可公开版）")
    lines += [
        "> 本摘要只列将在网站公开的条目；不予公开、停止公开的条目和检测结果只给数量。",
        "> 审查人请阅读完整报告（CI 产物 review-full，或本地运行 `python build.py review --base 基准分支`）。",
        "",
        _verdict(report, public=True),
        "",
        *_summary_table(report),
    ]
    shown = _public_records(report)
    body: list[list[str]] = []
    if shown:
        preview = bool(report.preview_url)
        lines += ["### 将公开的条目", ""]
        if preview and not _ABSOLUTE.match(report.preview_url):
            lines += [f"预览页面在 CI 产物中：下载后打开 {code(report.preview_url)} 下面表中的路径（或完整报告的 review.html）。", ""]
        lines += ["| 变更 | 信息名称 | 索引号 | 公开属性 | 发布机构 | 变化的字段 |" + (" 预览 |" if preview else ""),
                  "| --- | --- | --- | --- | --- | --- |" + (" --- |" if preview else "")]
        for r in shown:
            fields = "全部（新增）" if r.change == "published" else "、".join(cell(f.label) for f in r.fields) or ("正文" if r.body_diff else "附件" if r.attachments else "—")
            if r.change == "changed" and r.body_diff and r.fields:
                fields += "、正文"
            where = (_link(r.preview) if _ABSOLUTE.match(r.preview) else code(r.preview[len(report.preview_url):])) if r.preview else "—"
            body.append([f"| {CHANGES[r.change]} | {cell(r.title)} | {cell(r.index_no)} | {cell(r.disclosure)} | {cell(r.organ_name)} | {fields} |"
                         + (f" {where} |" if preview else "")])
        body.append([""])
    hidden = len(report.records) - len(shown)
    tail = []
    if hidden:
        tail += [f"另有 {hidden} 个条目不予公开、停止公开、无法读取或有检测发现（只计数，不列标题）。", ""]
    tail += _counts(report)
    return _join(lines, body, tail, limit)


# --- HTML file ------------------------------------------------------------------------------

_DETAILS = re.compile(r"^<details( open)?>", re.M)
STYLE = """
body{font:16px/1.7 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:60em;margin:0 auto;padding:1em;color:#1a1a1a}
table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}
details{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:1em 0}summary{font-weight:bold;cursor:pointer}
details details{border-style:dashed}ins{background:#d7f5dd;text-decoration:none}del{background:#fbd8d8}
blockquote{border-left:4px solid #d99a00;margin:0;padding:.2em 1em;background:#fff8e6}code{overflow-wrap:anywhere}
.gk-page{border:2px solid #005bac;border-radius:4px;padding:0 1em;background:#fafcff}
"""
"""Inline: the file is opened from a CI artifact or a local folder, with nothing else beside it."""


def to_html(text: str, title: str) -> str:
    """A report's Markdown as a standalone page for a browser (the artifact's review.html).

    The Markdown was made safe for a pull-request comment (every value escaped,
    page HTML sanitised as on the site); the page allows no script at all.
    """
    body = python_markdown.markdown(_DETAILS.sub(r'<details\1 markdown="1">', text), extensions=["tables", "fenced_code", "md_in_html"])
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --- JSON -------------------------------------------------------------------------------------


def to_json(report: Report, *, public: bool = False) -> str:
    data: dict[str, Any] = asdict(report)
    data["blocked"] = report.blocked
    data["variant"] = "public" if public else "full"
    if public:
        shown = _public_records(report)
        data["records"] = [
            {k: asdict(r)[k] for k in ("change", "title", "index_no", "url", "kind", "kind_name", "organ", "organ_name", "disclosure")}
            | {"fields": [f.label for f in r.fields]}
            for r in shown
        ]
        data["records_not_listed"] = len(report.records) - len(shown)
        data["findings"] = {"blocking": sum(f.blocking for f in report.findings), "total": len(report.findings)}
        data["allowlisted"] = len(report.allowlisted)
        data["as_issued"] = len(report.as_issued)
        data.pop("as_issued_unchanged", None)
        data["unscanned"] = len(report.unscanned)
        data["errors"] = len(report.errors) + len(report.old_errors)
        data.pop("old_errors", None)
        data["warnings"] = len(report.warnings)
        data.pop("registries", None)
        data.pop("config_files", None)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
