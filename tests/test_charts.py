"""Build-time SVG charts and the table/CSV helpers behind the figure-heavy kinds."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from plugins.core.pages import charts
from plugins.core.pages.datatable import Row, csv_bytes, table_html

SVG = "{http://www.w3.org/2000/svg}"


def _svg(figure_html: str) -> ET.Element:
    soup = BeautifulSoup(figure_html, "html.parser")
    return ET.fromstring(str(soup.svg))


def test_bar_lengths_are_proportional_and_values_are_printed():
    figure = charts.bar_chart("c1", "支出", [("一般公共服务支出", 300.0), ("卫生健康支出", 100.0), ("住房保障支出", 0.0)], "万元")
    svg = _svg(figure)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "支出（单位：万元）" and "最大的是一般公共服务支出" in desc.text
    bars = [r for r in svg.iter(f"{SVG}rect")]
    widths = [float(r.get("width")) for r in bars]
    assert widths[0] == max(widths) and abs(widths[0] / widths[1] - 3) < 0.01 and widths[2] == 0
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "300.00" in texts and "一般公共服务支出" in texts
    assert all(t.get("fill") == "currentColor" for t in svg.iter(f"{SVG}text"))  # follows light/dark theme
    assert "<figcaption>支出（单位：万元）</figcaption>" in figure


def test_grouped_chart_has_a_legend_and_a_tooltip_per_category():
    figure = charts.grouped_bar_chart("c2", "对比", ["公务接待费"], [("2023年", [11.4]), ("2024年", [9.8])], "万元")
    svg = _svg(figure)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2023年" in texts and "2024年" in texts
    group_titles = [g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g")]
    assert group_titles == ["公务接待费：2023年 11.40万元；2024年 9.80万元"]


def test_long_labels_are_shortened_in_the_drawing_only():
    label = "机关事业单位基本养老保险缴费支出（含职业年金）"
    svg = _svg(charts.bar_chart("c3", "t", [(label, 1.0)], "元"))
    assert any(t.text and t.text.endswith("…") for t in svg.iter(f"{SVG}text"))
    assert label in svg.find(f"{SVG}g").find(f"{SVG}title").text


def test_spanning_headings_and_csv():
    rows = [Row(["2010601", "行政运行"], [60.0, 60.0, 0.0, 60.0, None])]
    html = table_html("表（单位：万元）", ["科目编码", "科目名称"], ["合计", "基本支出", "基本支出/人员经费", "基本支出/公用经费", "项目支出"], rows)
    soup = BeautifulSoup(html, "html.parser")
    head = soup.select("thead tr")
    assert [(th.get_text(), th.get("scope"), th.get("colspan"), th.get("rowspan")) for th in head[0].select("th")] == [
        ("科目编码", "col", None, "2"), ("科目名称", "col", None, "2"), ("合计", "col", None, "2"),
        ("基本支出", "colgroup", "3", None), ("项目支出", "col", None, "2"),
    ]
    assert [th.get_text() for th in head[1].select("th")] == ["小计", "人员经费", "公用经费"]
    assert [td.get_text() for td in soup.select("tbody td")] == ["2010601", "60.00", "60.00", "0.00", "60.00", ""]
    data = csv_bytes(["科目编码", "科目名称"], ["合计", "基本支出/人员经费"], [Row(["2010601", "行政运行"], [1234.5, 0.125])], "万元")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["科目编码", "科目名称", "合计（万元）", "基本支出/人员经费（万元）"], ["2010601", "行政运行", "1234.50", "0.125"],
    ]
