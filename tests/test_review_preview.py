"""The reviewer sees each changed public entry as its page will read, linked to the preview build."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import write_files
from test_review import ID, PUBLIC, WITH_ID, WITHHELD, by_source, commit_all, repo, review  # noqa: F401  (repo: the fixture)

MARKDOWN_BODY = PUBLIC.replace(
    "body: 各区政务公开办公室：定于4月中旬举办政务公开业务培训。\n",
    "body: |\n  各区政务公开办公室：\n\n  **培训时间**：4月中旬。\n\n  <script>alert(1)</script>\n\n  ```\n\n  <img src=x onerror=alert(2)>\n",
)


class _Text(HTMLParser):
    """The text a browser shows, and the elements it would run or load."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts = 0
        self.links: list[str] = []
        self.handlers = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        self.handlers += sum(name.startswith("on") for name, _ in attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.links.extend(v or "" for k, v in attrs if k == "href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def shown(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def test_new_public_entry_is_shown_as_its_page_reads_and_withheld_is_not(repo):
    write_files(repo, {"catalog/notice/2024/peixun.yml": MARKDOWN_BODY, "catalog/notice/2024/qingshi.yml": WITHHELD})
    commit_all(repo, "两个新条目")
    proc, md, data = review(repo)
    assert proc.returncode == 1 and "body-script" in md  # the script blocks the merge; the preview still never runs it
    html = (repo / "out" / "review.html").read_text(encoding="utf-8")
    page = shown(html)
    text = "".join(page.text)
    # rendered, not raw Markdown: the metadata table's labels and the bold text, no ** left
    assert "页面预览" in text and "索引号" in text and "发布机构" in text
    preview = html.split('<div class="gk-page">', 1)[1].split("</details>", 1)[0]
    assert "<strong>培训时间</strong>" in preview and "**" not in "".join(shown(preview).text)
    # the body's script and handler are removed from the page and escaped in the raw 正文, even past a ``` line
    assert page.scripts == 0 and page.handlers == 0 and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # the withheld entry is listed for the reviewer but never rendered as a page
    assert "拟将主动公开指标权重" not in html and "拟将主动公开指标权重" not in md
    records = by_source(data)
    assert records["catalog/notice/2024/qingshi.yml"].get("page_html", "") in ("", None)
    assert md.count('<div class="gk-page">') == 1


def test_personal_number_is_masked_in_the_page_preview(repo):
    write_files(repo, {"catalog/notice/2024/jiuzhu.yml": WITH_ID})
    commit_all(repo, "含号码的条目")
    _, md, _ = review(repo)
    html = (repo / "out" / "review.html").read_text(encoding="utf-8")
    assert ID not in html and ID not in md and ID[:14] not in html
    assert "救助对象" in html or "这里不显示" in html


def test_preview_links_point_into_the_preview_build_with_encoded_file_names(repo):
    odd = "catalog/notice/2024/peixun \"x\" <b>&.yml"
    write_files(repo, {odd: PUBLIC})
    commit_all(repo, "文件名奇怪的条目")
    _, md, data = review(repo, "--preview-url", "https://preview.example.org/pr-7")
    [record] = data["records"]
    assert record["preview"].startswith("https://preview.example.org/pr-7/xxgk/")
    assert record["preview"].endswith("/index.html")
    assert " " not in record["preview"] and '"' not in record["preview"] and "<" not in record["preview"]
    html = (repo / "out" / "review.html").read_text(encoding="utf-8")
    assert record["preview"].replace("&", "&amp;") in html
    assert "<b>&" not in html  # the odd name is text wherever it lands
    assert any(link.startswith("https://preview.example.org/pr-7/xxgk/") for link in shown(html).links)


def test_relative_preview_in_public_comment_names_the_artifact(repo):
    write_files(repo, {"catalog/notice/2024/peixun.yml": PUBLIC, "catalog/notice/2024/qingshi.yml": WITHHELD})
    commit_all(repo, "两个新条目")
    _, md, _ = review(repo, "--public-comment", "--preview-url", "site/")
    assert "预览页面在 CI 产物中" in md
    assert "| 预览 |" in md.replace(" 预览 |", "| 预览 |") or "预览 |" in md
    assert "`xxgk/draft/notice/2024/peixun/index.html`" in md
    assert "关于调整考核评分权重的请示" not in md


def test_pending_index_number_is_said_once_for_all_new_entries(repo):
    write_files(repo, {f"catalog/notice/2024/peixun{n}.yml": PUBLIC.replace("培训安排", f"第{n}期培训安排") for n in range(4)})
    commit_all(repo, "四个新条目")
    _, md, data = review(repo)
    assert md.count("索引号是预览号码") == 1
    assert "本次新增的 4 个条目的索引号是预览号码" in md
    assert all(not any("索引号" in note for note in r["notes"]) for r in data["records"])
