"""Print the demo 部门决算 as a finance system's PDF (ruled tables, merged headings, page numbers).

Run once when the demo entry changes: ``.venv/bin/python tests/data/intake/make_fixtures.py``
(Debian's chromium); the PDF is committed so the tests need no browser.
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "catalog/final_account/2024/dg-finance-2023-final-account.md"
OUT = Path(__file__).with_name("final-account.pdf")
CSS = """body{font-family:'Noto Sans CJK SC',sans-serif;font-size:10pt} h1{text-align:center;font-size:16pt}
table{border-collapse:collapse;width:100%;margin:4pt 0 14pt;page-break-inside:auto} td,th{border:0.6pt solid #000;padding:2pt 4pt}
td.n{text-align:right} .cap{text-align:center;font-weight:bold;margin-top:10pt} .unit{text-align:right} tr{page-break-inside:avoid}"""


def _cell(value: object) -> str:
    return "-" if value == 0 else f"{value:,.2f}" if isinstance(value, float) else str(value)


def _heads(columns: list[str]) -> str:
    depth = max(len(c.split("/")) for c in columns)
    rows = []
    for level in range(depth):
        cells = [f'<th rowspan="{depth}">科目编码</th><th rowspan="{depth}">科目名称</th>'] if level == 0 else []
        col = 0
        while col < len(columns):
            parts = columns[col].split("/")
            if level >= len(parts):
                col += 1
                continue
            span = 1
            while col + span < len(columns) and columns[col + span].split("/")[: level + 1] == parts[: level + 1] and level + 1 < len(parts):
                span += 1
            rowspan = depth - level if level == len(parts) - 1 else 1
            if level == 0 or columns[col].split("/")[:level] != (columns[col - 1].split("/")[:level] if col else None) or True:
                cells.append(f'<th colspan="{span}" rowspan="{rowspan}">{html.escape(parts[level])}</th>')
            col += span
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(rows)


def _table(table: dict) -> str:
    out = [f'<p class="cap">{html.escape(table["name"])}</p><p class="unit">单位：{table["unit"]}</p><table>']
    if "income" in table:
        inc, exp = table["income"], table["expense"]
        out.append(f'<tr><th colspan="{1 + len(inc["columns"])}">收入</th><th colspan="{1 + len(exp["columns"])}">支出</th></tr>')
        out.append("<tr><th>项目</th>" + "".join(f"<th>{c}</th>" for c in inc["columns"]) + "<th>项目</th>" + "".join(f"<th>{c}</th>" for c in exp["columns"]) + "</tr>")
        for i in range(max(len(inc["rows"]), len(exp["rows"]))):
            cells = []
            for side in (inc, exp):
                row = side["rows"][i] if i < len(side["rows"]) else None
                name = "" if row is None else (f'{row["code"]} {row["name"]}' if row.get("code") else row["name"])
                cells.append(f"<td>{html.escape(name)}</td>" + "".join(f'<td class="n">{_cell(v) if row else ""}</td>' for v in (row["values"] if row else side["columns"])))
            out.append("<tr>" + "".join(cells) + "</tr>")
    else:
        out.append(_heads(table["columns"]))
        for row in table["rows"]:
            out.append(f'<tr><td>{row.get("code", "")}</td><td>{html.escape(row["name"])}</td>' + "".join(f'<td class="n">{_cell(v)}</td>' for v in row["values"]) + "</tr>")
        if not table["rows"]:
            out.append(f'<tr><td colspan="{2 + len(table["columns"])}">{html.escape(table.get("note", ""))}</td></tr>')
    out.append("</table>")
    return "".join(out)


def main() -> None:
    text = DEMO.read_text(encoding="utf-8").split("---\n")
    entry = yaml.safe_load(text[1])
    narrative = "".join(f"<p>{html.escape(p)}</p>" for p in ["第一部分 部门概况", "一、主要职能", "负责全市财政收支管理，拟订全市财政发展规划和财税政策，组织编制年度预决算草案。", "第二部分 2023年度部门决算表"])
    page = f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body><h1>{html.escape(entry['title'])}</h1>{narrative}" + "".join(_table(t) for t in entry["tables"]) + "</body></html>"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        tab = browser.new_page()
        tab.set_content(page)
        tab.pdf(path=str(OUT), format="A4", display_header_footer=True, header_template="<span></span>",
                footer_template="<div style='font-size:8pt;width:100%;text-align:center'><span class='pageNumber'></span></div>", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
