"""Print the demo 部门决算 and two “三公”经费 documents as a finance system's PDFs (ruled tables, merged headings, page numbers).

Run once when the demo entry or the “三公” figures below change: ``.venv/bin/python tests/data/intake/make_fixtures.py``
(Debian's chromium; ``… make_fixtures.py three-public`` prints only the “三公” ones); the PDFs are committed so the tests need no browser.
"""

from __future__ import annotations

import html
import sys
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


THREE_PUBLIC_FINAL = Path(__file__).with_name("three-public-final.pdf")
THREE_PUBLIC_BUDGET = Path(__file__).with_name("three-public-budget.pdf")
FINAL_HALF = ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"]
FINAL_BUDGET = ["28.15", "-", "18.20", "-", "18.20", "9.95"]
FINAL_SPENT = ["25.16", "-", "16.46", "-", "16.46", "8.70"]
"""The 2023 决算 table (财政部 template: items across the top, 预算数 and 决算数 above them)."""
BUDGET_ROWS = [
    ("合计", "483,000.00", "526,000.00", "-43,000.00", ""),
    ("1.因公出国（境）费", "-", "-", "-", ""),
    ("2.公务用车购置及运行费", "385,000.00", "412,000.00", "-27,000.00", "公务用车保有量由7辆减至6辆"),
    ("其中：（1）公务用车购置费", "-", "-", "-", ""),
    ("（2）公务用车运行费", "385,000.00", "412,000.00", "-27,000.00", ""),
    ("3.公务接待费", "98,000.00", "114,000.00", "-16,000.00", "压减接待批次"),
    ("公务用车保有量（辆）", "6", "7", "-1", ""),
    ("国内公务接待批次（批次）", "85", "96", "-11", ""),
    ("国内公务接待人次（人次）", "620", "710", "-90", ""),
]
"""The 2024 预算 table (items down the side, this year's and last year's 预算数 across), in 元."""


def _final_page() -> str:
    heads = ('<tr><th colspan="6">预算数</th><th colspan="6">决算数</th></tr><tr>'
             + '<th rowspan="2">合计</th><th rowspan="2">因公出国（境）费</th><th colspan="3">公务用车购置及运行费</th><th rowspan="2">公务接待费</th>' * 2
             + "</tr><tr>" + "<th>小计</th><th>公务用车购置费</th><th>公务用车运行费</th>" * 2 + "</tr>"
             + "<tr>" + "".join(f"<td>{n}</td>" for n in range(1, 13)) + "</tr>")
    values = "<tr>" + "".join(f'<td class="n">{v}</td>' for v in FINAL_BUDGET + FINAL_SPENT) + "</tr>"
    text = ["一、“三公”经费财政拨款支出决算总体情况",
            "2023年“三公”经费财政拨款支出决算为25.16万元，完成预算的89.4%，比上年减少3.20万元，下降11.3%。主要原因是严格执行中央八项规定精神，压减公务接待批次和公务用车运行费用。",
            "二、“三公”经费财政拨款支出决算具体情况",
            "其中：因公出国（境）费0万元，未安排因公出国（境）团组；公务用车购置及运行费16.46万元，其中：公务用车购置费0万元，公务用车运行费16.46万元，年末公务用车保有量5辆；公务接待费8.70万元，共接待国内公务78批次、526人次。"]
    return ("<h1>东莞市财政局2023年度“三公”经费决算情况说明</h1>" + "".join(f"<p>{html.escape(t)}</p>" for t in text)
            + '<p class="cap">一般公共预算财政拨款“三公”经费支出决算表</p><p class="unit">单位：万元</p><table>' + heads + values + "</table>")


def _budget_page() -> str:
    rows = "".join("<tr>" + f"<td>{html.escape(r[0])}</td>" + "".join(f'<td class="n">{v}</td>' for v in r[1:4]) + f"<td>{html.escape(r[4])}</td></tr>" for r in BUDGET_ROWS)
    text = ["2024年东莞市财政局“三公”经费财政拨款预算483,000.00元，比上年预算减少43,000.00元。主要原因是公务用车保有量由7辆减至6辆，相应减少运行维护费；严格执行公务接待标准，压减接待批次。"]
    return ("<h1>东莞市财政局2024年“三公”经费预算情况说明</h1>" + "".join(f"<p>{html.escape(t)}</p>" for t in text)
            + '<p class="cap">2024年“三公”经费财政拨款预算表</p><p class="unit">单位：元</p><table>'
            + "<tr><th>项目</th><th>2024年预算数</th><th>2023年预算数</th><th>增减额</th><th>增减变化原因</th></tr>" + rows + "</table>")


def _print(pages: list[tuple[str, Path]]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        tab = browser.new_page()
        for body, out in pages:
            tab.set_content(f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>{body}</body></html>")
            tab.pdf(path=str(out), format="A4", display_header_footer=True, header_template="<span></span>",
                    footer_template="<div style='font-size:8pt;width:100%;text-align:center'><span class='pageNumber'></span></div>", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            print(out, out.stat().st_size)
        browser.close()


def main() -> None:
    pages = [(_final_page(), THREE_PUBLIC_FINAL), (_budget_page(), THREE_PUBLIC_BUDGET)]
    if sys.argv[1:] != ["three-public"]:
        text = DEMO.read_text(encoding="utf-8").split("---\n")
        entry = yaml.safe_load(text[1])
        narrative = "".join(f"<p>{html.escape(p)}</p>" for p in ["第一部分 部门概况", "一、主要职能", "负责全市财政收支管理，拟订全市财政发展规划和财税政策，组织编制年度预决算草案。", "第二部分 2023年度部门决算表"])
        pages.insert(0, (f"<h1>{html.escape(entry['title'])}</h1>{narrative}" + "".join(_table(t) for t in entry["tables"]), OUT))
    _print(pages)


if __name__ == "__main__":
    main()
