"""Redaction (action: redact) as editors write: the default list's address rule against the
phrasings and layouts people use, text wrapped in Markdown and HTML, invisible characters.

Every piece of every address is a canary; the built site is scanned in every decoded form
(test_wall_canaries), and the markup around each redacted value must survive."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from test_wall_canaries import Canaries, decoded_outputs, leaks_in

ROOT = Path(__file__).resolve().parent.parent
MARK = "■■■（依据《政府信息公开条例》第十五条不予公开）"


def _entry(n: int, title: str, body: str, summary: str = "") -> str:
    return (
        f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{n:05d}\norgan: demo-office\n"
        f"published: 2024-03-05\ndisclosure: 主动公开\n" + (f"summary: {summary}\n" if summary else "") + f"---\n{body}"
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.append((tag, dict(attrs)))


def test_default_address_rule_removes_whole_addresses_in_common_phrasings_and_keeps_markup(build_site):
    c = Canaries()
    a = lambda where: " ".join(c(f"{where}.{i}") for i in range(3))  # noqa: E731 — an address with spaces in it
    bodies = {
        "spaced": f"申请人家庭住址：{a('spaced')}，联系人：李某。\n",
        "wei": f"经核实，其现住址为 {a('wei')}。\n",
        "jiazhu": f"张某家住{a('jiazhu')}，已告知。\n",
        "zero-width": f"家\u200b庭住址\u3000：{c('zero-width')}\n",
        "link-title": f"见[张某](https://www.gov.cn/a \"家庭住址：{c('link-title')}\")。\n",
        "image-alt": f"![家庭住址：{c('image-alt')}](#)\n",
        "html": f"家庭住址：<b>{c('html.1')}</b>{c('html.2')}\n",
        "table": f"| 姓名 | 备注 |\n| --- | --- |\n| 张某 |家庭住址：{c('table')}|\n",
        "emphasis": f"**家庭住址：{c('emphasis')}**\n",
    }
    negative = (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8")
    files: dict[str, str | bytes] = {"catalog/negative-list.yml": negative}
    for n, (name, body) in enumerate(bodies.items(), start=1):
        files[f"catalog/notice/2024/{name}.md"] = _entry(n, f"救助公示{n}", body)
    files["catalog/notice/2024/title.md"] = _entry(99, f"救助公示（现住址：{c('title')}）", "正文。\n", summary=f"居住地址是 {a('summary')}")
    site = build_site(files)
    found = [f"{path}: {leak}" for path, text in decoded_outputs(site) for leak in leaks_in(text, c)]
    assert not found, "redacted text published:\n" + "\n".join(found[:40])
    page = lambda name: (site / "xxgk" / "11441900007330235A" / ("2024-00099" if name == "title" else f"2024-{list(bodies).index(name) + 1:05d}") / "index.html").read_text(encoding="utf-8")  # noqa: E731
    for name in bodies:
        assert MARK in page(name), name
    tags = {name: _Tags() for name in ("link-title", "image-alt", "html", "table", "emphasis")}
    for name, parser in tags.items():
        parser.feed(page(name))
    assert ("a", {"href": "https://www.gov.cn/a", "title": "家庭住址：" + MARK}) in tags["link-title"].attrs
    assert any(tag == "img" and attrs.get("alt") == "家庭住址：" + MARK for tag, attrs in tags["image-alt"].attrs)
    assert f"家庭住址：<b>{MARK}</b>" in page("html")
    assert any(tag == "td" for tag, _ in tags["table"].attrs) and any(tag == "strong" for tag, _ in tags["emphasis"].attrs)
    assert "联系人：李某" in page("spaced"), "the rule stops at the next labelled item"
    assert f"<title>救助公示（现住址：{MARK}）" in page("title")


def _redact_item(fields: str, kinds: str = "") -> str:
    covers = f"  covers: {{kinds: [{kinds}]}}\n" if kinds else ""
    return f"- id: fields-test\n  name: 测试删除\n  basis: 《政府信息公开条例》第十五条\n  action: redact\n{covers}  fields: [{fields}]\n"


def test_a_redact_item_cannot_remove_a_field_the_catalog_is_built_from(make_project):
    """published, kind, disclosure, a required number: a located error in the negative list, not a crash."""
    from plugins.core import pipeline

    import conftest

    negative = conftest.NEGATIVE_LIST + _redact_item("published, kind, validity, fiscal_year, topics", "policy, three_public")
    entry = "kind: policy\ntitle: 政策\norgan: demo-office\npublished: 2024-03-01\ntopics: [zwgk]\ndisclosure: 主动公开\nvalidity: 有效\n"
    root = make_project({"catalog/negative-list.yml": negative, "catalog/policy/2024/p.yml": entry})
    result = pipeline.run(root / "catalog", root)
    found = sorted((d.code, d.line, d.field) for d in result.errors)
    assert found == [("negative-list-field", 15, f"[3].fields[{i}]") for i in range(5)], [str(d) for d in result.diagnostics]
    assert all("不能删除" in d.message and d.fix for d in result.errors)


def test_a_redact_item_may_leave_out_whole_lists_of_records(build_site):
    """fields: [attachments] publishes the entry without its attachments; [suppliers] without its suppliers."""
    import conftest

    negative = conftest.NEGATIVE_LIST + _redact_item("attachments, suppliers")
    c = Canaries()
    attachment = f"fj-{c.tag('attachment.file-name')}.txt"
    files = {
        "catalog/negative-list.yml": negative,
        "catalog/notice/2024/a.md": _entry(1, "附带名单的通知", "正文。\n").replace("---\n正文", f"attachments:\n  - file: {attachment}\n---\n正文"),
        f"catalog/notice/2024/{attachment}": f"{c('attachment.text')}\n",
        "catalog/procurement/2024/r.yml": (
            "kind: procurement\ntitle: 结果公告\nindex_no: 11441900007330235A/2024-00002\norgan: demo-office\npublished: 2024-04-01\n"
            "disclosure: 主动公开\nproject_no: SF2024-1\nproject_name: 项目\nnotice_type: 中标结果公告\nmethod: 公开招标\n"
            "purchaser: 示例局\ndecided: 2024-03-30\nearlier_notice: https://www.ccgp.gov.cn/a.html\n"
            f"suppliers: [{{name: {c('supplier.name')}, uscc: 91441900MA4UX8K7R6, amount: 100.0}}]\n"
        ),
    }
    site = build_site(files)
    assert (site / "xxgk" / "11441900007330235A" / "2024-00001" / "index.html").exists()
    assert (site / "xxgk" / "11441900007330235A" / "2024-00002" / "index.html").exists()
    found = [f"{path}: {leak}" for path, text in decoded_outputs(site) for leak in leaks_in(text, c)]
    assert not found, "\n".join(found[:20])


def test_an_attachment_name_the_list_would_redact_is_an_error_not_a_dropped_file(make_project):
    from plugins.core import pipeline

    negative = (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8")
    name = "张三现住址为翠竹路9号.txt"
    root = make_project({
        "catalog/negative-list.yml": negative,
        "catalog/notice/2024/a.md": _entry(1, "通知", f"见[附件]({name})。\n").replace("---\n见", f"attachments:\n  - file: {name}\n---\n见"),
        f"catalog/notice/2024/{name}": "名单\n",
    })
    result = pipeline.run(root / "catalog", root)
    (error,) = result.errors
    assert (error.code, error.line, error.field) == ("wall-redact-attachment", 9, "attachments[0].file"), str(error)
    assert "翠竹" not in str(error) and "privacy" in error.message and result.public is None
