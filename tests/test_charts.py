"""Build-time charts (HTML text, SVG bars) and the table/CSV helpers behind the figure-heavy kinds."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup

from plugins.core.pages import charts
from plugins.core.pages.datatable import Row, csv_bytes, table_html


def _chart(figure_html: str) -> BeautifulSoup:
    return BeautifulSoup(figure_html, "html.parser")


def _widths(soup: BeautifulSoup) -> list[float]:
    return [float(r["width"]) for r in soup.select(".gk-chart__row rect")]


def test_bar_lengths_are_proportional_and_values_are_printed_as_text():
    soup = _chart(charts.bar_chart("c1", "支出", [("一般公共服务支出", 300.0), ("卫生健康支出", 100.0), ("住房保障支出", 0.0)], "万元"))
    chart = soup.select_one(".gk-chart")
    assert chart["role"] == "img"
    title_id, desc_id = chart["aria-labelledby"].split()
    assert soup.find(id=title_id).get_text() == "支出（单位：万元）" and soup.find(id=title_id).name == "figcaption"
    assert "最大的是一般公共服务支出" in soup.find(id=desc_id).get_text()
    widths = _widths(soup)
    assert widths[0] == 100 and abs(widths[0] / widths[1] - 3) < 0.01 and widths[2] == 0
    # labels and values are HTML text (they follow the page's font size), not SVG text scaled with the drawing
    assert [s.get_text() for s in soup.select(".gk-chart__label")] == ["一般公共服务支出", "卫生健康支出", "住房保障支出"]
    assert [s.get_text() for s in soup.select(".gk-chart__value")] == ["300.00", "100.00", "0.00"]
    assert not soup.select("svg text") and all(svg["aria-hidden"] == "true" for svg in soup.select("svg"))


def test_grouped_chart_has_a_legend_names_each_bar_and_a_tooltip_per_category():
    soup = _chart(charts.grouped_bar_chart("c2", "对比", ["公务接待费"], [("2023年", [11.4]), ("2024年", [9.8])], "万元"))
    assert [k.get_text() for k in soup.select(".gk-chart__key")] == ["2023年", "2024年"]
    assert [v.get_text() for v in soup.select(".gk-chart__value")] == ["2023年 11.40", "2024年 9.80"]  # not by colour alone
    assert [r["title"] for r in soup.select(".gk-chart__row")] == ["公务接待费：2023年 11.40万元；2024年 9.80万元"]


def test_long_labels_are_kept_whole_and_wrap():
    label = "机关事业单位基本养老保险缴费支出（含职业年金）"
    soup = _chart(charts.bar_chart("c3", "t", [(label, 1.0)], "元"))
    assert soup.select_one(".gk-chart__label").get_text() == label


def test_chart_text_is_escaped():
    soup = _chart(charts.bar_chart("c4", "<b>t</b>", [("<img src=x>", 1.0)], "元<"))
    assert not soup.select("b, img") and soup.select_one(".gk-chart__label").get_text() == "<img src=x>"


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
