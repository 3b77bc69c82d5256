"""Markdown's own ways to a script or a third-party request, built into a real page with the body check off."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment

from conftest import ORGANS, TOPICS
from plugins.core import pipeline
from plugins.core.wall import markup_check
from test_markup_safety import PLUGINS, TITLE, SUMMARY, site_files, unsafe_in_html

MD_BODY = """\
参考[链接][r1]与[另一个][R2]，以及 [简写][]。

[r1]: javascript:alert('GKX31') "标题"
[R2]: <JaVaScRiPt:alert('GKX32')>
[简写]: data:text/html,<script>alert('GKX33')</script>

自动链接 <javascript:alert('GKX34')> 与 <data:text/html,x>。

[带标题](https://www.example.gov.cn/ "t\\" onmouseover=\\"alert('GKX35')") ![图](own.png "x\\" onerror=\\"alert('GKX36')")

[属性](https://www.example.gov.cn/){: onclick="alert('GKX37')" href="javascript:alert('GKX38')" style="background:url(https://evil.example/a.png)" }

![属性图](own.png){: src="https://evil.example/t.png" onerror="alert('GKX39')" }

<div markdown="1" onmouseover="alert('GKX40')">
**md_in_html** [内链](javascript:alert('GKX41'))
</div>

!!! note "<img src=x onerror=alert('GKX42')>"
    警示内容 <img src=x onerror=alert('GKX43')>

!!! warning "\\" onmouseover=\\"alert('GKX44')"
    内容

??? note "<script>alert('GKX45')</script>"
    折叠内容

| 列 <img src=x onerror=alert('GKX46')> | 列二 |
|---|---|
| [格](javascript:alert('GKX47')) | <a href="java&#115;cript:alert('GKX48')">x</a> |

段落 {: onclick="alert('GKX49')" }

# 标题 {: #top onclick="alert('GKX50')" }

[编码](%6A%61%76%61%73%63%72%69%70%74:alert('GKX51')) [实体](&#106;avascript:alert('GKX52')) [换行](java
script:alert('GKX53'))

![反斜杠](\\\\\\\\evil.example/b.png) <img src="/\\evil.example/c.png"> ![反斜杠二](\\/evil.example/d.png)
"""


def _files():
    files = site_files(MD_BODY)
    files["catalog/organs.yml"] = ORGANS
    files["catalog/topics.yml"] = TOPICS
    files["catalog/policy/2024/hostile.md"] = files["catalog/policy/2024/hostile.md"].replace(TITLE.replace("'", "''"), "示例").replace(SUMMARY.replace("'", "''"), "概述")
    return files


def test_markdown_links_titles_and_attributes_run_nothing(build_site, monkeypatch):
    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    site = build_site(_files(), plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")
    text = (site / "xxgk/114419000073302510/2024-00001/index.html").read_text(encoding="utf-8")
    assert unsafe_in_html(text) == []
    body = BeautifulSoup(text, "html.parser").select_one("div.gk-body")
    for element in body.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not name.startswith("on"), element
            assert "javascript" not in value.lower() and "evil.example" not in value, element
    assert not body.find_all(string=lambda s: isinstance(s, Comment))
    assert "警示内容" in body.get_text() and "折叠内容" in body.get_text()


def test_check_names_markdown_script_links(make_project):
    root = make_project(_files())
    result = pipeline.run(root / "catalog", root)
    codes = [(d.line, d.code) for d in result.diagnostics if d.code.startswith("body-")]
    assert any(code == "body-script" for _, code in codes), codes
    script_lines = {line for line, code in codes if code == "body-script"}
    # body starts at line 18: reference definitions, <javascript:…>, attr_list on a link, a paragraph and a heading, table cells
    assert {20, 21, 22, 24, 28, 30, 32, 33, 36, 37, 42, 45, 47, 49, 51, 53} <= script_lines, codes
    assert (30, "body-external-resource") in codes
    assert [line for line, code in codes if code == "body-external-resource"].count(56) == 3  # backslashes are slashes to a browser
