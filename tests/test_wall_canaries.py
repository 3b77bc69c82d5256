"""Canaries: nothing withheld reaches any byte of the built site.

Unique strings are planted in withheld entries of every kind and in every field
that takes text, in their attachments, in entries the negative list withholds
by itself (markings, covered topics) and in values the list redacts. The site is
built for real with every MkDocs plugin of this project plus ``search``, and
every output file is scanned after decompressing ``.gz`` and decoding HTML
entities, JSON ``\\uXXXX`` escapes and URL percent-escapes. Each canary's rare
CJK characters are checked one by one and in pairs (search indexes split text
into single characters and bigrams). A public control entry carries canaries
that MUST be found, so the scan is shown to see what it is looking for.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

import conftest
from conftest import ORGANS, write_files
from plugins.core import pipeline
from plugins.core.kinds import KINDS as DECLARED
from plugins.core.kinds.budget.model import BUDGET_TABLES
from plugins.core.load.kind import KindSet

KINDS = KindSet(DECLARED).names

ROOT = Path(__file__).resolve().parent.parent
RARE_START = 0x30000
"""CJK Extension G (Unicode 13). Not Extension B/C: the search's 繁简 conversion table ships many of those."""


@dataclass
class Canaries:
    """Allocates canaries: three rare CJK characters and an ASCII tag, all unique."""

    planted: dict[str, str] = field(default_factory=dict)
    """canary → where it was planted."""
    controls: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    """Distinctive numbers planted in withheld numeric fields → where."""

    def _new(self, where: str) -> str:
        n = len(self.planted) + len(self.controls)
        rare = "".join(chr(RARE_START + 3 * n + i) for i in range(3))
        return f"{rare}zq{n:03d}x"

    def __call__(self, where: str) -> str:
        value = self._new(where)
        self.planted[value] = where
        return value

    def tag(self, where: str) -> str:
        """An ASCII-only canary, for places that take no CJK (file names, codes, URLs)."""
        value = self._new(where)[3:]
        self.planted[value] = where
        return value

    def control(self, where: str) -> str:
        value = self._new(where)
        self.controls[value] = where
        return value

    def number(self, value: str, where: str) -> str:
        self.numbers[value] = where
        return value


TOPICS = conftest.TOPICS + """\
- id: zfcg
  name: 财政、金融、审计\\政府采购
- id: wdzl
  name: 综合政务\\维稳工作
"""

EXTRA_ITEMS = """
# test-only items: a topic withheld as a whole, and a field the list redacts
- id: stability-topic
  name: 维稳工作信息
  basis: 《政府信息公开条例》第十四条
  action: withhold
  covers:
    topics: [wdzl]
- id: expert-names
  name: 解读专家个人信息
  basis: 《政府信息公开条例》第十五条
  action: redact
  covers:
    kinds: [interpretation]
  fields: [interpreter]
"""

EXEMPTIONS = ["state-secret", "law-forbidden", "security-stability", "trade-secret", "privacy", "internal-affairs", "process-info", "enforcement-case"]


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _md(data: dict, body: str) -> str:
    return "---\n" + _dump(data) + "---\n" + body


TWO_SIDED = {"income": {"columns": ["预算数"]}, "expense": {"columns": ["预算数"]}}
PUBLISHED = {"final_account": "2024-07-02", "annual_report": "2019-01-20"}


def kind_fields(kind: str, c: Canaries, where: str, policy_ref: str) -> dict:
    """The kind's own fields, with a canary in each that takes free text."""
    if kind == "policy":
        return {"validity": "有效", "effective": "2024-03-10"}
    if kind == "interpretation":
        return {"interprets": policy_ref, "form": "文字", "interpreter": c(f"{where}.interpreter")}
    if kind in ("budget", "final_account"):
        return {
            "fiscal_year": 2023 if kind == "final_account" else 2024,
            "security_review": c(f"{where}.security_review"),
            "head_signoff": c(f"{where}.head_signoff"),
            "tables": [
                # every standard table the kind rules ask for, empty, with a note saying why …
                *(
                    {"table": t, "name": c(f"{where}.tables.name"), "unit": "万元", "note": c(f"{where}.tables.note"), **(TWO_SIDED if "收支" in t else {})}
                    for t in BUDGET_TABLES
                    if t != "其他"
                ),
                # … and one with a row of figures
                {
                    "table": "其他",
                    "name": c(f"{where}.tables.name"),
                    "unit": "万元",
                    "columns": ["金额"],
                    "rows": [{"name": c(f"{where}.tables.rows.name"), "values": [float(c.number("8675.309", f"{where}.tables.rows.values"))]}],
                    "note": c(f"{where}.tables.note"),
                }
            ],
        }
    if kind == "three_public":
        return {
            "fiscal_year": 2024 if where.startswith("不予公开") else 2023,
            "stage": "预算",
            "unit": "万元",
            "outbound": {"amount": float(c.number("4817.23", f"{where}.outbound")), "groups": 3, "people": 9},
            "vehicles": {"purchase": 0.0, "operation": float(c.number("2963.41", f"{where}.vehicles")), "purchased": 0, "fleet": 4},
            "reception": {"amount": float(c.number("1708.52", f"{where}.reception")), "batches": 12, "people": 80},
            "total": 9489.16,
            "change_reason": c(f"{where}.change_reason"),
        }
    if kind == "procurement":
        return {
            "project_no": "SFCG2024-" + (c.tag(f"{where}.project_no") if where.startswith("不予公开") else "001"),
            "project_name": c(f"{where}.project_name"),
            "notice_type": "采购意向",
            "method": "公开招标",
            "budget_amount": float(c.number("5551212.0", f"{where}.budget_amount")),
            "purchaser": c(f"{where}.purchaser"),
            "agency": c(f"{where}.agency"),
            "requirement": c(f"{where}.requirement"),
            "planned": "2024-09",
            "reason": c(f"{where}.reason"),
            "earlier_notice": "https://www.ccgp.gov.cn/" + c.tag(f"{where}.earlier_notice") + ".html",
        }
    if kind == "annual_report":
        return {
            "report_year": 2018,  # before the 2019 format: the sections are free text
            "report_scope": "部门",
            "preface": c(f"{where}.preface"),
            "overview": c(f"{where}.overview"),
            "problems": c(f"{where}.problems"),
            "other_matters": c(f"{where}.other_matters"),
        }
    if kind == "consultation":
        return {
            "decision_organ": "demo-office",
            "basis": c(f"{where}.basis"),
            "start": "2024-04-02",
            "end": "2024-05-10",
            "shorter_reason": c(f"{where}.shorter_reason"),
            "status": "已反馈",
            "comment": {
                "address": c(f"{where}.comment.address"),
                "email": c.tag(f"{where}.comment.email") + "@example.gov.cn",
                "url": "https://www.example.gov.cn/zqyj/" + c.tag(f"{where}.comment.url"),
            },
            "adoption": {"text": c(f"{where}.adoption.text"), "received": 12, "adopted": 5, "released": "2024-05-20"},
            "resulted_in": policy_ref,
        }
    return {}


def withheld_entry(kind: str, disclosure: str, n: int, c: Canaries, policy_ref: str) -> dict[str, str | bytes]:
    """One entry of ``kind`` with canaries in every field the public must not see."""
    where = f"{disclosure}/{kind}"
    published = PUBLISHED.get(kind, "2024-04-02")
    slug = f"{kind}/{published[:4]}/wh-{n:02d}-" + c.tag(f"{where}.file-name")
    public_metadata = disclosure == "依申请公开"
    attachment = "fj-" + c.tag(f"{where}.attachment-name") + ".txt"
    data = {
        "kind": kind,
        # 依申请公开 publishes its catalog metadata; only 不予公开 hides title and 索引号
        "title": f"依申请公开的{KINDS[kind]}示例{n}" if public_metadata else c(f"{where}.title"),
        "index_no": f"11441900007330235A/2024-{9000 + n:05d}",
        "organ": "demo-office",
        "doc_no": (f"示府办〔2024〕{900 + n}号" if public_metadata else c(f"{where}.doc_no") + f"〔2024〕{900 + n}号"),
        "written": published[:4] + "-01-10",
        "published": published,
        "topics": ["zwgk"],
        "disclosure": disclosure,
        "exemption": EXEMPTIONS[n % len(EXEMPTIONS)],
        "exemption_reason": c(f"{where}.exemption_reason"),
        "summary": "依申请公开条目的内容概述。" if public_metadata else c(f"{where}.summary"),
        "keywords": ["政务公开"] if public_metadata else [c(f"{where}.keywords")],
        "attachments": [{"file": attachment, "title": c(f"{where}.attachment-title")}],
        **kind_fields(kind, c, where, policy_ref),
    }
    if not public_metadata:
        data["index_no"] = f"11441900007330235A/2024-{9000 + n:05d}"
        c.planted[data["index_no"]] = f"{where}.index_no"
    body = f"正文第一段。{c(f'{where}.body')}\n\n| 项目 | 说明 |\n| --- | --- |\n| 表格 | {c(f'{where}.body-table')} |\n"
    folder = slug.rsplit("/", 1)[0]
    return {
        f"catalog/{slug}.md": _md(data, body),
        f"catalog/{folder}/{attachment}": f"附件正文 {c(f'{where}.attachment-text')}\n",
    }


def auto_withheld(c: Canaries) -> dict[str, str | bytes]:
    """主动公开 entries that the negative list withholds by itself."""
    files: dict[str, str | bytes] = {}
    marked = {
        "kind": "notice", "title": "（内部资料）" + c("marking-in-title.title"), "organ": "demo-office",
        "published": "2024-05-06", "topics": ["zwgk"], "disclosure": "主动公开", "summary": c("marking-in-title.summary"),
    }
    files["catalog/notice/2024/auto-marking-title.md"] = _md(marked, f"{c('marking-in-title.body')}\n")
    secret = {
        "kind": "notice", "title": c("marking-in-body.title"), "organ": "demo-office",
        "published": "2024-05-07", "topics": ["zwgk"], "disclosure": "主动公开", "summary": c("marking-in-body.summary"),
        "attachments": [{"file": "secret-att.txt", "title": c("marking-in-body.attachment-title")}],
    }
    files["catalog/notice/2024/auto-marking-body.md"] = _md(secret, f"机密★1年\n\n{c('marking-in-body.body')}\n")
    files["catalog/notice/2024/secret-att.txt"] = f"{c('marking-in-body.attachment-text')}\n"
    topic = {
        "kind": "notice", "title": c("covered-topic.title"), "organ": "demo-office",
        "published": "2024-05-08", "topics": ["wdzl"], "disclosure": "主动公开", "summary": c("covered-topic.summary"),
    }
    files["catalog/notice/2024/auto-topic.md"] = _md(topic, f"{c('covered-topic.body')}\n")
    marked_att = {
        "kind": "notice", "title": c("marking-in-attachment.title"), "organ": "demo-office",
        "published": "2024-05-09", "topics": ["zwgk"], "disclosure": "主动公开",
        "attachments": [{"file": "internal.txt", "title": c("marking-in-attachment.attachment-title")}],
    }
    files["catalog/notice/2024/auto-marking-attachment.md"] = _md(marked_att, f"{c('marking-in-attachment.body')}\n")
    files["catalog/notice/2024/internal.txt"] = f"内部资料 注意保存\n{c('marking-in-attachment.attachment-text')}\n"
    return files


def public_entries(c: Canaries) -> dict[str, str | bytes]:
    """The control (must be published) and entries whose values the list redacts."""
    control = {
        "kind": "policy", "title": "公开的对照政策" + c.control("control.title"), "index_no": "11441900007330235A/2024-00001",
        "organ": "demo-office", "doc_no": "示府办〔2024〕1号", "written": "2024-03-01", "published": "2024-03-05",
        "topics": ["zwgk"], "disclosure": "主动公开", "validity": "有效", "summary": "对照条目" + c.control("control.summary"),
        "attachments": [{"file": "control.txt", "title": "对照附件"}],
    }
    redacted = {
        "kind": "notice", "title": "关于补发救助金的公示", "index_no": "11441900007330235A/2024-00002",
        "organ": "demo-office", "published": "2024-03-06", "topics": ["zwgk"], "disclosure": "主动公开",
        "summary": "救助对象现住址：" + c("redacted.summary-address") + "。",
    }
    interpretation = {
        "kind": "interpretation", "title": "《公开的对照政策》解读", "index_no": "11441900007330235A/2024-00003",
        "organ": "demo-office", "published": "2024-03-05", "topics": ["zwgk"], "disclosure": "主动公开",
        "interprets": "11441900007330235A/2024-00001", "form": "文字", "interpreter": c("redacted.interpreter-field"),
    }
    return {
        "catalog/policy/2024/control.md": _md(control, f"对照正文{c.control('control.body')}\n"),
        "catalog/policy/2024/control.txt": f"对照附件正文{c.control('control.attachment-text')}\n",
        "catalog/notice/2024/redacted.md": _md(redacted, f"经审核，同意补发。家庭住址：{c('redacted.body-address')}，联系人已告知。\n"),
        "catalog/interpretation/2024/redacted-expert.md": _md(interpretation, "解读正文。\n"),
    }


def canary_files(c: Canaries) -> dict[str, str | bytes]:
    negative_list = (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8") + EXTRA_ITEMS
    files: dict[str, str | bytes] = {
        "catalog/organs.yml": ORGANS,
        "catalog/topics.yml": TOPICS,
        "catalog/negative-list.yml": negative_list,
        "content/index.md": "# 首页\n",
        "content/apply.md": "# 依申请公开指南\n",
        "content/guide.md": "# 信息公开指南\n",
    }
    files.update(public_entries(c))
    policy_ref = "policy/2024/wh-00-"  # completed below: interpretations point at the withheld policy
    n = 0
    for disclosure in ("不予公开", "依申请公开"):
        for kind in KINDS:
            entry = withheld_entry(kind, disclosure, n, c, policy_ref)
            if kind == "policy":
                policy_ref = next(k for k in entry if k.endswith(".md"))[len("catalog/"):-3]
            files.update(entry)
            n += 1
    files.update(auto_withheld(c))
    return files


def plugins_under_test() -> list[str]:
    """This project's MkDocs plugins (entry points into ``plugins.``) plus MkDocs' own search."""
    ours = sorted(ep.name for ep in entry_points(group="mkdocs.plugins") if ep.value.startswith("plugins."))
    return ["search", *ours]


# --- scanning ---------------------------------------------------------------------------

_JSON_ESCAPE = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def _json_unescape(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        if match.group(3):
            return chr(int(match.group(3), 16))
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _JSON_ESCAPE.sub(repl, text)


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def _no_invisible(text: str) -> str:
    """Search indexes insert zero-width spaces between words; a canary must match across them."""
    return _INVISIBLE.sub("", text)


def decoded_outputs(site: Path) -> Iterator[tuple[str, str]]:
    """(path, every decoded form of the file's text), for every file the build wrote."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix == ".gz" or raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", errors="ignore")
        forms = [text]
        for decode in (_json_unescape, html.unescape, unquote, html.unescape, _no_invisible):
            forms.append(decode(forms[-1]))
        rel = path.relative_to(site).as_posix()
        yield rel, "\n".join([unquote(rel), *forms])


def rare_chars(canary: str) -> str:
    return "".join(ch for ch in canary if ord(ch) >= 0x20000)


def leaks(canary: str, text: str, lowered: str) -> list[str]:
    """Every way ``canary`` shows in ``text``: whole, its ASCII tag, each rare character, each pair."""
    found = []
    if canary in text:
        found.append(canary)
    tag = canary[len(rare_chars(canary)):]
    if tag and tag.lower() in lowered:
        found.append(tag)
    rare = rare_chars(canary)
    found += [ch for ch in rare if ch in text]
    found += [rare[i: i + 2] for i in range(len(rare) - 1) if rare[i: i + 2] in text]
    return found


# --- the build ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Canaries, Path]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("canaries")
    c = Canaries()
    write_files(root, canary_files(c))
    result = pipeline.run(root / "catalog", root)
    assert result.public is not None, "\n".join(str(d) for d in result.errors)
    config = {
        "site_name": "测试目录",
        "site_url": "https://gk.example.gov.cn/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": plugins_under_test(),
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    mk = load_config(str(root / "mkdocs.yml"))
    mk.plugins.on_startup(command="build", dirty=False)
    try:
        build(mk)
    finally:
        mk.plugins.on_shutdown()
    return root / "site", c, root


def test_canaries_cover_every_kind_field_and_channel(canary_site):
    _, c, _ = canary_site
    wheres = set(c.planted.values())
    for disclosure in ("不予公开", "依申请公开"):
        for kind in KINDS:
            for part in ("body", "attachment-text", "attachment-name", "attachment-title", "exemption_reason", "file-name"):
                assert f"{disclosure}/{kind}.{part}" in wheres
    for kind in KINDS:
        for part in ("title", "summary", "keywords", "doc_no", "index_no"):
            assert f"不予公开/{kind}.{part}" in wheres
    assert any(w.startswith("marking-in-title") for w in wheres)
    assert any(w.startswith("covered-topic") for w in wheres)
    assert {"redacted.body-address", "redacted.summary-address", "redacted.interpreter-field"} <= wheres
    assert len(c.planted) > 150


def test_control_is_published_and_found_by_the_scan(canary_site):
    """The scan proves something: the public control's canaries are found, in every form."""
    site, c, _ = canary_site
    outputs = dict(decoded_outputs(site))
    blob = "\n".join(outputs.values())
    for canary, where in c.controls.items():
        assert canary in blob, f"control canary ({where}) not published: the scan would prove nothing"
        assert all(ch in blob for ch in rare_chars(canary))
    # the control's page, its attachment and (if a search index is built) the index all carry it
    title = next(k for k, v in c.controls.items() if v == "control.title")
    holders = [path for path, text in outputs.items() if title in text]
    assert any(p.endswith("index.html") and "xxgk/" in p for p in holders)
    assert any(p.endswith("search_index.json") for p in holders), holders
    # every other channel the plugins write (their own search index, feeds, data exports) is decoded too
    machine = (".json", ".xml", ".csv", ".bin", ".gz")
    channels = {path.split("/", 1)[0] for path in outputs if "/" in path and path.endswith(machine)} - {"assets"}
    assert channels, "no machine-readable output at all"
    for channel in channels:
        assert any(p.startswith(channel + "/") for p in holders), f"control not found under {channel}/: {holders}"


def test_nothing_withheld_reaches_any_output_byte(canary_site):
    site, c, _ = canary_site
    found: list[str] = []
    files = 0
    for path, text in decoded_outputs(site):
        files += 1
        lowered = text.lower()
        for canary, where in c.planted.items():
            for leak in leaks(canary, text, lowered):
                found.append(f"{path}: {where} → {leak!r}")
        for number, where in c.numbers.items():
            if number in text:
                found.append(f"{path}: {where} → {number}")
    assert files > 20
    assert not found, "withheld content in the site:\n" + "\n".join(found[:50])


def test_redacted_values_show_the_mark_and_basis(canary_site):
    site, c, _ = canary_site
    page = next(site.glob("xxgk/11441900007330235A/2024-00002/index.html")).read_text(encoding="utf-8")
    assert "■■■" in page and "第十五条" in page
    expert = next(site.glob("xxgk/11441900007330235A/2024-00003/index.html")).read_text(encoding="utf-8")
    assert "■■■" in expert


def test_withheld_counts_are_numbers_only(canary_site):
    _, c, root = canary_site
    from plugins.core.wall.counts import withheld_summary

    result = pipeline.run(root / "catalog", root)
    public = result.public
    assert public is not None
    # 8 不予公开 entries + 4 the list withheld by itself (markings in title, body, attachment; a covered topic)
    assert public.withheld_total == len(KINDS) + 4
    assert public.withheld_by_item["internal-affairs"] >= 2 and public.withheld_by_item["stability-topic"] == 1
    assert sum(public.withheld_by_article.values()) == public.withheld_total
    assert set(public.withheld_by_article) <= {"第十四条", "第十五条", "第十六条"}
    assert sum(public.on_request_by_item.values()) == len(KINDS)
    assert public.redacted_by_item["privacy"] == 2 and public.redacted_by_item["expert-names"] == 1
    lines = "\n".join(withheld_summary(public))
    assert f"不予公开 {public.withheld_total} 个" in lines and "第十四条" in lines
    for canary in c.planted:
        assert not leaks(canary, lines, lines.lower())
    auto = [d for d in result.diagnostics if d.code == "wall-auto-withheld"]
    assert len(auto) == 4 and all(not d.is_error for d in auto)


def test_public_catalog_holds_no_withheld_value(canary_site):
    """The in-memory view handed to every plugin carries no withheld value either."""
    _, c, root = canary_site
    result = pipeline.run(root / "catalog", root)
    public = result.public
    dump = json.dumps(
        [
            {"meta": e.meta.model_dump(mode="json"), "body": e.body, "source": e.source, "ref": e.ref,
             "positions": [list(map(str, k)) for k in e.positions], "abs_dir": str(e.abs_dir), "redactions": e.redactions}
            for e in public.entries
        ],
        ensure_ascii=False,
    )
    dump += json.dumps({"organs": list(public.organs), "topics": list(public.topics), "names": public.item_names}, ensure_ascii=False)
    leaked = [f"{where}: {canary}" for canary, where in c.planted.items() if canary in dump and "file-name" not in where and "attachment-name" not in where]
    assert not leaked, leaked
    assert all(e.meta.disclosure != "不予公开" for e in public.entries)
    on_request = [e for e in public.entries if e.meta.disclosure == "依申请公开"]
    assert len(on_request) == len(KINDS)
    assert all(not e.body and not e.meta.attachments and e.abs_dir is None and not e.meta.exemption_reason for e in on_request)


def test_canary_scanner_sees_escaped_and_compressed_forms(tmp_path):
    """The scanner itself: a canary hidden by each encoding is still found."""
    c = Canaries()
    canary = c("self-test")
    rare = rare_chars(canary)
    site = tmp_path / "site"
    escaped = json.dumps({"t": canary}, ensure_ascii=True)
    write_files(site, {"a.json": escaped, "b.html": "".join(f"&#x{ord(ch):x};" for ch in rare[:2]), "c.txt": canary[1:2] + " " + canary[2:3]})
    (site / "d.xml.gz").write_bytes(gzip.compress(canary.encode()))
    (site / "e.html").write_text(f'<a href="/x/{canary.encode().hex()}">{"%" + "%".join(f"{b:02X}" for b in rare[0].encode())}</a>', encoding="utf-8")
    hits = {path: leaks(canary, text, text.lower()) for path, text in decoded_outputs(site)}
    assert all(hits[name] for name in ("a.json", "b.html", "c.txt", "d.xml.gz", "e.html")), hits


def test_nothing_published_when_a_public_entry_links_to_a_withheld_one(make_project):
    """A link would leak the withheld title: the build fails instead, naming no title."""
    secret_title = "不予公开的𪜀𪜁标题"
    root = make_project(
        {
            "catalog/notice/2024/secret.yml": textwrap.dedent(
                f"""\
                kind: notice
                title: {secret_title}
                index_no: 11441900007330235A/2024-00077
                organ: demo-office
                published: 2024-01-05
                disclosure: 不予公开
                exemption: process-info
                """
            ),
            "catalog/notice/2024/public.md": textwrap.dedent(
                """\
                ---
                kind: notice
                title: 公开通知
                organ: demo-office
                published: 2024-01-06
                disclosure: 主动公开
                related: [notice/2024/secret]
                ---
                另见[那份文件](../../xxgk/11441900007330235A/2024-00077/)和 [路径链接](secret.md)。
                """
            ),
        }
    )
    result = pipeline.run(root / "catalog", root)
    assert result.public is None
    links = [d for d in result.errors if d.code == "link-to-withheld"]
    assert {d.field for d in links} == {"related[0]", "body"} and len(links) == 3
    assert [d.line for d in links if d.field == "body"] == [9, 9]
    assert not any(secret_title in str(d) for d in result.diagnostics)


# --- every other printed byte: check, build, the MkDocs log, review files, the PR comment ---------
#
# The site is not the only thing people read. CI logs and pull-request comments are open to
# everyone who can read the repository's CI (for a public repository, to everyone). The same
# canaries are looked for in every line the commands print, with CI=true (what every CI system
# sets) and, where the design says so, locally.


def run_cli(root: Path, *args: str, ci: bool = False, cwd: Path | None = None) -> str:
    """stdout + stderr of ``python build.py …`` run on the project at ``root``."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_PUBLIC_LOG")}
    if ci:
        env["CI"] = "true"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
        cwd=cwd or root, env=env, capture_output=True, text=True, timeout=600,
    )
    return proc.stdout + "\n" + proc.stderr


def mkdocs_log(root: Path, site: Path, *, ci: bool = False) -> str:
    """What ``mkdocs build`` (the plugins' own log) prints."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_PUBLIC_LOG")}
    if ci:
        env["CI"] = "true"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)
    return proc.stdout + "\n" + proc.stderr


def leaks_in(text: str, c: Canaries, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Every planted canary (whole, tag, rare characters, pairs) and withheld number in ``text``."""
    forms = [text]
    for decode in (_json_unescape, html.unescape, unquote, _no_invisible):
        forms.append(decode(forms[-1]))
    blob = "\n".join(forms)
    lowered = blob.lower()
    found = [f"{where} → {leak!r}" for canary, where in c.planted.items() if where not in allowed for leak in leaks(canary, blob, lowered)]
    found += [f"{where} → {number}" for number, where in c.numbers.items() if number in blob]
    return found


def _id_number(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


PASTED_ID = _id_number("44190019770911263")
PASTED_MOBILE = "13926478051"


def attack_files(c: Canaries, withheld_policy: str, withheld_tender: str) -> dict[str, str | bytes]:
    """Errors an editor makes around withheld entries: rules that look across entries, a broken withheld file."""
    files: dict[str, str | bytes] = {}
    # a public policy repealed by the withheld policy (which is itself 废止): replacement rules
    repealed = {
        "kind": "policy", "title": "被废止的公开政策", "organ": "demo-office", "published": "2024-05-02",
        "written": "2024-05-01", "topics": ["zwgk"], "disclosure": "主动公开", "validity": "废止",
        "repealed": "2024-01-01", "repealed_by": withheld_policy,
    }
    files["catalog/policy/2024/att-repealed.md"] = _md(repealed, "公开正文。\n")
    # a public interpretation of the withheld policy, weeks late: interpretation deadline rules
    late = {
        "kind": "interpretation", "title": "迟到的公开解读", "organ": "demo-office", "published": "2024-06-20",
        "topics": ["zwgk"], "disclosure": "主动公开", "interprets": withheld_policy, "form": "文字",
    }
    files["catalog/interpretation/2024/att-late.md"] = _md(late, "解读正文。\n")
    # a public result notice of the withheld tender's project, dated before it: procurement chain rules
    result = {
        "kind": "procurement", "title": "公开的中标结果公告", "organ": "demo-office", "published": "2024-04-01",
        "topics": ["zwgk"], "disclosure": "主动公开", "project_no": withheld_tender, "project_name": "公开的项目名称",
        "notice_type": "中标结果公告", "method": "公开招标", "purchaser": "示例市政府办公室", "decided": "2024-03-30",
        "suppliers": [{"name": "示例公司", "uscc": "91441900MA4UX8K7R6", "amount": 100.0}],
    }
    files["catalog/procurement/2024/att-result.md"] = _md(result, "结果正文。\n")
    # a public entry with the same 索引号 and 文号 as withheld ones: duplicate rules
    duplicate = {
        "kind": "notice", "title": "重号的公开通知", "index_no": "11441900007330235A/2024-09001", "organ": "demo-office",
        "doc_no": "示府办〔2024〕3号", "published": "2024-05-03", "topics": ["zwgk"], "disclosure": "主动公开",
    }
    files["catalog/notice/2024/att-zz-duplicate.md"] = _md(duplicate, "通知正文。\n")
    # a public entry that probes with a reference close to a withheld file's path: no "是不是 …？" naming it
    probe = {
        "kind": "notice", "title": "试探的公开通知", "organ": "demo-office", "published": "2024-05-03", "topics": ["zwgk"],
        "disclosure": "主动公开", "related": [withheld_policy[:-2]],
    }
    files["catalog/notice/2024/att-probe.md"] = _md(probe, "通知正文。\n")
    # a personal number pasted into a public entry: the detector's finding is output too (shown masked)
    pasted = {"kind": "notice", "title": "误贴号码的公开通知", "organ": "demo-office", "published": "2024-05-03", "topics": ["zwgk"], "disclosure": "主动公开"}
    files["catalog/notice/2024/att-pasted.md"] = _md(pasted, f"联系人身份证号 {c.number(PASTED_ID, 'attack/pasted.id-number')}，手机 {c.number(PASTED_MOBILE, 'attack/pasted.mobile')}。\n")
    twin = {
        "kind": "notice", "title": c("attack/twin.title"), "organ": "demo-office", "doc_no": "示府办〔2024〕3号",
        "published": "2024-05-04", "topics": ["zwgk"], "disclosure": "不予公开", "exemption": "process-info",
        "summary": c("attack/twin.summary"),
    }
    files[f"catalog/notice/2024/att-{c.tag('attack/twin.file-name')}.md"] = _md(twin, c("attack/twin.body") + "\n")
    # a withheld entry with its own errors, quoting its own values
    broken = {
        "kind": "notice", "title": c("attack/bad-doc-no.title"), "organ": "demo-office",
        "doc_no": c("attack/bad-doc-no.doc_no") + "[2024]5号", "published": "2024-05-05", "topics": ["zwgk"],
        "disclosure": "不予公开", "exemption": "process-info", "summary": c("attack/bad-doc-no.summary"),
        "related": ["notice/2024/" + c.tag("attack/bad-doc-no.related")],
    }
    files[f"catalog/notice/2024/att-{c.tag('attack/bad-doc-no.file-name')}.md"] = _md(broken, c("attack/bad-doc-no.body") + "\n")
    # a withheld entry whose YAML does not parse: its disclosure cannot be read
    files[f"catalog/notice/2024/att-{c.tag('attack/unparsable.file-name')}.yml"] = (
        f"kind: notice\ntitle: {c('attack/unparsable.title')}\ndisclosure: 不予公开\nexemption: [process-info\n"
        f"summary: {c('attack/unparsable.summary')}\n"
    )
    return files


@pytest.fixture(scope="module")
def leaky_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Canaries, set[str]]:
    """The canary catalog plus attacks: errors in and around withheld entries (the build fails)."""
    root = tmp_path_factory.mktemp("leaky")
    c = Canaries()
    files = canary_files(c)
    withheld_policy = next(k for k in files if k.startswith("catalog/policy/") and "/wh-" in k and k.endswith(".md"))[len("catalog/"):-3]
    tender = next(v for k, v in files.items() if k.startswith("catalog/procurement/") and k.endswith(".md") and "不予" in str(v) or False)
    project_no = re.search(r"project_no: (\S+)", str(tender)).group(1)  # type: ignore[union-attr]
    files.update(attack_files(c, withheld_policy, project_no))
    # the public result notice carries the project's number itself: it is published with it
    del c.planted[project_no.split("-", 1)[1]]
    # the withheld policy is itself repealed, and the withheld procurement notice is a tender dated later
    write_files(root, files)
    for path in root.glob("catalog/policy/*/wh-*.md"):
        text = path.read_text(encoding="utf-8")
        if "disclosure: 不予公开" in text:
            path.write_text(text.replace("validity: 有效", "validity: 废止\nrepealed: 2024-05-01"), encoding="utf-8")
    for path in root.glob("catalog/procurement/*/wh-*.md"):
        text = path.read_text(encoding="utf-8")
        if "disclosure: 不予公开" in text:
            path.write_text(text.replace("notice_type: 采购意向", "notice_type: 招标公告\ndeadline: 2024-05-20"), encoding="utf-8")
    _mkdocs_yml(root)
    return root, c, withheld_files(root)


def _mkdocs_yml(root: Path, **gk: object) -> None:
    config = {
        "site_name": "测试目录",
        "site_url": "https://gk.example.gov.cn/",
        "docs_dir": "content",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [p if p != "gk-catalog" or not gk else {"gk-catalog": gk} for p in plugins_under_test()],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def others_lines(text: str, withheld: set[str]) -> str:
    """The lines that are not about one of the ``withheld`` files (locally, those name their own file)."""
    return "\n".join(line for line in text.splitlines() if not any(line.split(" ", 1)[-1].startswith(w + ":") or line.split(": ", 1)[-1].startswith(w + ":") for w in withheld))


def withheld_files(root: Path) -> set[str]:
    """Entry files under catalog/ that are not 主动公开, or that the list withholds by itself (auto-…)."""
    found = set()
    for path in root.glob("catalog/**/*.*"):
        if path.suffix in (".md", ".yml") and path.parent != root / "catalog":
            text = path.read_text(encoding="utf-8")
            if "disclosure: 不予公开" in text or "disclosure: 依申请公开" in text or path.name.startswith("auto-"):
                found.add(path.relative_to(root).as_posix())
    return found


def count_leaks(found: list[str]) -> int:
    """Distinct (channel, planted place) pairs among the leaks: the figure reported."""
    return len({(f.split(": ", 1)[0], f.split(": ", 1)[1].split(" → ")[0]) for f in found})


def test_check_and_build_of_the_canary_catalog_print_nothing_withheld(canary_site, tmp_path):
    _, c, root = canary_site
    withheld = withheld_files(root)
    outputs = {
        "check": others_lines(run_cli(root, "check"), withheld),
        "check (CI)": run_cli(root, "check", ci=True),
        "build": others_lines(run_cli(root, "build", "--no-write-index-no", "-d", str(tmp_path / "site1")), withheld),
        "build (CI)": run_cli(root, "build", "--no-write-index-no", "-d", str(tmp_path / "site2"), ci=True),
        "mkdocs build (CI)": mkdocs_log(root, tmp_path / "site3", ci=True),
    }
    assert "检查通过" in outputs["check"], outputs["check"]
    assert f"不予公开 {len(KINDS) + 4} 个" in outputs["check (CI)"]  # one of each kind, and four the negative list withholds by itself
    assert "网站已生成" in outputs["build (CI)"]
    found = [f"{name}: {leak}" for name, text in outputs.items() for leak in leaks_in(text, c)]
    assert not found, f"{count_leaks(found)} leaks, withheld content printed:\n" + "\n".join(found[:50])


def test_errors_in_and_around_withheld_entries_print_nothing_withheld_in_ci(leaky_project, tmp_path):
    root, c, withheld = leaky_project
    outputs = {
        "check (CI)": run_cli(root, "check", ci=True),
        "check --public-log": run_cli(root, "check", "--public-log"),
        "build (CI)": run_cli(root, "build", "--no-write-index-no", "-d", str(tmp_path / "site"), ci=True),
        "mkdocs build (CI)": mkdocs_log(root, tmp_path / "site2", ci=True),
        "report (CI)": run_cli(root, "report", "--year", "2024", ci=True),
    }
    assert "检查未通过" in outputs["check (CI)"] and "[不予公开条目 1]" in outputs["check (CI)"]
    assert "构建失败" in outputs["build (CI)"]
    # the public entries' own problems are still told in full (file, field, code)
    for code in ("result-without-notice", "duplicate-index-no", "link-to-withheld", "doc-no-brackets", "yaml-syntax", "detect-id-number", "detect-mobile"):
        assert code in outputs["check (CI)"], code
    assert "catalog/interpretation/2024/att-late.md" in outputs["check (CI)"]
    found = [f"{name}: {leak}" for name, text in outputs.items() for leak in leaks_in(text, c)]
    assert not found, f"{count_leaks(found)} leaks, withheld content printed in CI:\n" + "\n".join(found[:60])


def test_locally_only_a_withheld_entrys_own_lines_name_it(leaky_project):
    """Without CI the editor sees withheld files in full, but a message about a public file never names a withheld entry."""
    root, c, withheld = leaky_project
    text = run_cli(root, "check")
    assert "att-" in text and any(w in text for w in withheld), "the local check should name the withheld files"
    rest = others_lines(text, withheld)
    assert leaks_in(text, c) and len(rest) < len(text), "the control: a withheld file's own lines do carry its values"
    found = leaks_in(rest, c)
    assert not found, f"{count_leaks(['local: ' + f for f in found])} leaks, a message about a public file names a withheld entry:\n" + "\n".join(found)


# --- review: a git history in tmp_path -------------------------------------------------------------

def _git(root: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(["git", "-c", "user.name=审查", "-c", "user.email=r@example.org", "-c", "commit.gpgsign=false", *args],
                          cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


FULL_REVIEW_MAY_NAME = ("title", "summary", "file-name", "exemption_reason", "index_no", "doc_no", "keywords", "attachment-name", "attachment-title")
"""What the full review (reviewers only, written to a file) may show of a withheld entry: its catalog record
and why it is withheld — never its body, attachment text or kind content."""


@pytest.fixture(scope="module")
def review_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Canaries]:
    root = tmp_path_factory.mktemp("review")
    c = Canaries()
    files = canary_files(c)
    base = {k: v for k, v in files.items() if not k.startswith("catalog/") or k.count("/") == 1}
    write_files(root, base)
    _mkdocs_yml(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    write_files(root, files)
    # a public entry whose title the list redacts: the comment must show the public form
    redacted_title = {
        "kind": "notice", "title": "救助公示（现住址：" + c("review/redacted-title") + "）", "organ": "demo-office",
        "published": "2024-03-07", "topics": ["zwgk"], "disclosure": "主动公开", "summary": "公示。",
    }
    write_files(root, {"catalog/notice/2024/redacted-title.md": _md(redacted_title, "正文。\n")})
    outputs = {
        "review --out (stdout, CI)": run_cli(root, "review", "--base", "main", "--out", str(root / "full"), ci=True),
        "review --public-comment --out (stdout, CI)": run_cli(root, "review", "--base", "main", "--out", str(root / "pub"), "--public-comment", ci=True),
        "review --public-comment (stdout, CI)": run_cli(root, "review", "--base", "main", "--public-comment", ci=True),
        "review (stdout, CI)": run_cli(root, "review", "--base", "main", ci=True),
    }
    for name in ("full", "pub"):
        for file in ("review.md", "review.json"):
            outputs[f"{name}/{file}"] = (root / name / file).read_text(encoding="utf-8")
    return outputs, c


def test_public_comment_and_every_ci_line_of_review_hold_no_canary(review_outputs):
    outputs, c = review_outputs
    assert "保密审查摘要（可公开版）" in outputs["pub/review.md"]
    assert "救助公示（现住址：■■■" in outputs["pub/review.md"], "the public comment shows the public form of the title"
    public = {k: v for k, v in outputs.items() if not k.startswith("full/")}
    found = [f"{name}: {leak}" for name, text in public.items() for leak in leaks_in(text, c)]
    assert not found, f"{count_leaks(found)} leaks, withheld content in the PR comment or CI log:\n" + "\n".join(found[:60])


def test_full_review_names_withheld_entries_only_where_intended(review_outputs):
    outputs, c = review_outputs
    full = outputs["full/review.md"] + outputs["full/review.json"]
    # the control: the reviewers do see the withheld entries' titles and reasons …
    titles = [k for k, w in c.planted.items() if w == "不予公开/policy.title"]
    assert titles and titles[0] in full
    # … but never their bodies, attachment text, kind content or a redacted original
    allowed = frozenset(w for w in c.planted.values() if w.rsplit(".", 1)[-1] in FULL_REVIEW_MAY_NAME and not w.startswith("review/"))
    found = leaks_in(full, c, allowed=allowed)
    assert not found, f"{count_leaks(['full: ' + f for f in found])} leaks, the full review shows more than intended:\n" + "\n".join(found[:60])


# --- the private folder: withheld entries outside the repository -------------------------------------


def private_files(c: Canaries) -> dict[str, str | bytes]:
    """Withheld entries for ``../gk-private`` (relative to the project): canaries in names and fields."""
    files: dict[str, str | bytes] = {}
    for i, kind in enumerate(("notice", "policy")):
        data = {
            "kind": kind, "title": c(f"private/{kind}.title"), "organ": "demo-office", "doc_no": c(f"private/{kind}.doc_no") + "〔2024〕7号",
            "published": "2024-06-0" + str(i + 1), "topics": ["zwgk"], "disclosure": "不予公开", "exemption": "process-info",
            "exemption_reason": c(f"private/{kind}.exemption_reason"), "summary": c(f"private/{kind}.summary"),
            **({"validity": "有效"} if kind == "policy" else {}),
        }
        files[f"{kind}/2024/pv-{c.tag(f'private/{kind}.file-name')}.md"] = _md(data, c(f"private/{kind}.body") + "\n")
    return files


@pytest.fixture
def private_project(tmp_path: Path) -> tuple[Path, Path, Canaries]:
    c = Canaries()
    root = tmp_path / "site-repo"
    every = canary_files(c)
    moved = [str(v) for v in every.values() if "disclosure: 不予公开" in str(v)]  # 不予公开 lives in the private folder
    files = {
        k: v for k, v in every.items()
        if "disclosure: 不予公开" not in str(v) and not any(k.rpartition("/")[2] in text for text in moved)  # with its attachments
    }
    write_files(root, files)
    private = tmp_path / "gk-private"
    write_files(private, private_files(c))
    _mkdocs_yml(root, private_dir="../gk-private")
    return root, private, c


def test_private_folder_is_checked_counted_and_never_published(private_project, tmp_path):
    root, private, c = private_project
    check = run_cli(root, "check")
    assert "检查通过" in check, check
    assert "不予公开条目的数字来自私有文件夹 ../gk-private（2 个条目）" in check
    assert "不予公开 6 个" in check  # 2 in the private folder + 4 the list withholds by itself
    counts = run_cli(root, "counts")
    assert "不予公开条目 2 个" in counts
    written = (root / "catalog" / "withheld-counts.yml").read_text(encoding="utf-8")
    assert "{organ: demo-office, year: 2024, item: process-info, count: 2}" in written
    build = run_cli(root, "build", "--no-write-index-no", "-d", str(tmp_path / "site"), ci=True)
    assert "网站已生成" in build, build
    channels = {"counts file": written, "build (CI)": build, "check (CI)": run_cli(root, "check", ci=True)}
    channels.update(dict(decoded_outputs(tmp_path / "site")))
    found = [f"{name}: {leak}" for name, text in channels.items() for leak in leaks_in(text, c) if leak.split(" → ")[0].startswith("private/")]
    assert not found, "\n".join(found[:30])


def test_without_the_private_folder_the_counts_come_from_the_committed_file(private_project, tmp_path):
    root, private, c = private_project
    run_cli(root, "counts")
    private.rename(tmp_path / "elsewhere")  # the public CI has no access to it
    check = run_cli(root, "check", ci=True)
    assert "检查通过" in check, check
    assert "不予公开 6 个" in check and "来自 catalog/withheld-counts.yml（私有文件夹 ../gk-private 不在本机" in check
    report = run_cli(root, "report", "--year", "2024", "--organ", "demo-office", ci=True)
    assert "process-info" in report and "：2" in report
    assert "网站已生成" in run_cli(root, "build", "--no-write-index-no", "-d", str(tmp_path / "site"), ci=True)


def test_private_folder_errors_print_no_name_in_ci_and_misplaced_entries_are_errors(private_project):
    root, private, c = private_project
    # a private file that does not parse, one that says 主动公开, and a 不予公开 entry left in catalog/
    write_files(private, {
        f"notice/2024/pv-{c.tag('private/broken.file-name')}.yml": f"kind: notice\ntitle: {c('private/broken.title')}\nsummary: [\n",
        f"notice/2024/pv-{c.tag('private/public.file-name')}.yml": f"kind: notice\ntitle: {c('private/public.title')}\norgan: demo-office\npublished: 2024-06-05\ndisclosure: 主动公开\n",
    })
    write_files(root, {"catalog/notice/2024/left-here.yml": "kind: notice\ntitle: 留在公开仓库的不予公开条目\norgan: demo-office\npublished: 2024-06-06\ndisclosure: 不予公开\nexemption: process-info\n"})
    local = run_cli(root, "check")
    assert "[private-disclosure]" in local and "[withheld-in-public-folder]" in local and "[yaml-syntax]" in local
    assert "../gk-private/notice/2024/pv-" in local, "locally the editor sees which private file to fix"
    ci = run_cli(root, "check", ci=True)
    assert "检查未通过" in ci and "[private-disclosure]" in ci and "[不予公开条目" in ci
    assert "gk-private/notice" not in ci and "left-here" not in ci
    found = leaks_in(ci, c)
    assert not found, "\n".join(found)


def test_counts_file_is_checked_and_stale_counts_are_told(private_project):
    root, private, c = private_project
    run_cli(root, "counts")
    path = root / "catalog" / "withheld-counts.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("count: 2", "count: 5"), encoding="utf-8")
    assert "[withheld-counts-stale]" in run_cli(root, "check")
    path.write_text("- {organ: demo-office, year: 2024, item: process-info, count: 2, title: 不该写标题}\n", encoding="utf-8")
    private.rename(private.parent / "gone")
    out = run_cli(root, "check")
    assert "[withheld-counts-format]" in out and "检查未通过" in out


def test_ci_log_hides_a_public_line_naming_an_entry_the_list_withheld_by_itself(make_project):
    """Rules ask the wall: an entry it withholds by a marking is not named, locally or in CI (the backstop stays)."""
    secret = "关于𰐀𰐁𰐂调整的通知"
    root = make_project({
        "catalog/negative-list.yml": (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8"),
        "catalog/policy/2024/marked.yml": f"kind: policy\ntitle: （内部资料）{secret}\norgan: demo-office\npublished: 2024-03-01\n"
                                          "topics: [zwgk]\ndisclosure: 主动公开\nvalidity: 有效\n",
        "catalog/interpretation/2024/late.yml": "kind: interpretation\ntitle: 迟到的解读\norgan: demo-office\npublished: 2024-05-20\n"
                                                "topics: [zwgk]\ndisclosure: 主动公开\ninterprets: policy/2024/marked\nform: 文字\n",
    })
    local = run_cli(root, "check")
    late = [line for line in local.splitlines() if "late.yml" in line]
    assert any("[link-to-withheld]" in line for line in late) and not any("𰐀" in line or "marked" in line for line in late), local
    ci = run_cli(root, "check", ci=True)
    assert "[link-to-withheld]" in ci and "𰐀" not in ci and "marked" not in ci


def test_rules_name_other_entries_as_the_site_shows_them(make_project):
    """A suggestion never offers an entry the list withholds by itself; a title the list redacts is quoted redacted;
    a 依申请公开 notice's project number (not on the site) is never suggested."""
    c = Canaries()
    auto, number = c.tag("auto.file-name"), c.tag("on-request.project_no")
    root = make_project({
        "catalog/negative-list.yml": (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8"),
        f"catalog/notice/2024/a-{auto}.yml": f"kind: notice\ntitle: {c('auto.title')}（讨 论 稿）\norgan: demo-office\n"
                                              "published: 2024-03-01\ntopics: [zwgk]\ndisclosure: 主动公开\n",
        "catalog/notice/2024/probe.yml": "kind: notice\ntitle: 试探\norgan: demo-office\npublished: 2024-03-02\ntopics: [zwgk]\n"
                                         f"disclosure: 主动公开\nrelated: [notice/2024/a-{auto[:-1]}]\n",
        "catalog/policy/2024/p.yml": f"kind: policy\ntitle: 表彰决定（现住址：{c('redacted.title')}）\norgan: demo-office\npublished: 2024-03-01\n"
                                     "topics: [zwgk]\ndisclosure: 主动公开\nvalidity: 有效\n",
        "catalog/interpretation/2024/late.yml": "kind: interpretation\ntitle: 迟到的解读\norgan: demo-office\npublished: 2024-05-20\n"
                                                "topics: [zwgk]\ndisclosure: 主动公开\ninterprets: policy/2024/p\nform: 文字\n",
        "catalog/procurement/2024/tender.yml": "kind: procurement\ntitle: 招标公告\norgan: demo-office\npublished: 2024-03-01\ntopics: [zwgk]\n"
                                               f"disclosure: 依申请公开\nexemption: process-info\nproject_no: SF2024-{number}\n"
                                               "project_name: 项目\nnotice_type: 招标公告\nmethod: 公开招标\npurchaser: 示例局\n"
                                               "budget_amount: 100000\ndeadline: 2024-03-25\n",
        "catalog/procurement/2024/result.yml": "kind: procurement\ntitle: 结果公告\norgan: demo-office\npublished: 2024-04-01\ntopics: [zwgk]\n"
                                               f"disclosure: 主动公开\nproject_no: SF2024-{number[:-1]}\nproject_name: 项目\n"
                                               "notice_type: 中标结果公告\nmethod: 公开招标\npurchaser: 示例局\ndecided: 2024-03-30\n"
                                               "suppliers: [{name: 示例公司, uscc: 91441900MA4UX8K7R6, amount: 100.0}]\n",
    })
    for name, text in {"check": run_cli(root, "check"), "check (CI)": run_cli(root, "check", ci=True)}.items():
        assert "[unknown-reference]" in text and "[interpretation-late]" in text and "[result-without-notice]" in text, text
        assert "《表彰决定（现住址：■■■" in text, text
        about_public = "\n".join(line for line in text.splitlines() if any(f in line for f in ("probe.yml", "late.yml", "result.yml")))
        found = leaks_in(about_public, c)
        assert not found, f"{name}: a message about a public entry names what the site does not show:\n" + "\n".join(found)


def test_private_folder_inside_the_catalog_is_refused_and_counts_needs_the_folder(make_project):
    root = make_project({"catalog/private/notice/2024/x.yml": "kind: notice\ntitle: 放在目录里的私有条目\norgan: demo-office\npublished: 2024-06-06\ndisclosure: 不予公开\nexemption: process-info\n"})
    _mkdocs_yml(root, private_dir="catalog/private")
    assert "[private-dir-inside]" in run_cli(root, "check")
    _mkdocs_yml(root)
    out = run_cli(root, "counts")
    assert "没有设置私有文件夹" in out and "Traceback" not in out
    _mkdocs_yml(root, private_dir="../nowhere")
    out = run_cli(root, "counts")
    assert "找不到私有文件夹" in out and "Traceback" not in out
    check = run_cli(root, "check")
    assert "[withheld-counts-missing]" in check and "私有文件夹 ../nowhere 不在本机" in check


def test_no_message_quotes_a_personal_number_an_editor_typed_into_a_wrong_field(make_project, tmp_path):
    """Messages quote the value they complain about (a date, a reference, a full-width keyword): a personal
    number in it is masked in every log and report, like the detectors' own findings."""
    c = Canaries()
    mobile, id_number = c.number("13926478051", "typo.mobile"), c.number(_id_number("44190019850311263"), "typo.id-number")
    wide = "".join(chr(ord(d) + 0xFEE0) for d in "13926478051")
    notice = "kind: notice\norgan: demo-office\npublished: 2024-03-05\ntopics: [zwgk]\ndisclosure: 主动公开\n"
    root = make_project({
        "catalog/notice/2024/wide.yml": f"title: 值班表\n{notice}keywords: [值班电话{wide}]\n",
        "catalog/notice/2024/date.yml": f"title: 通知\n{notice}written: {id_number}\n",
        "catalog/notice/2024/ref.yml": f"title: 通知二\n{notice}related: ['{mobile}']\n",
    })
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "catalog/organs.yml", "catalog/topics.yml", "catalog/negative-list.yml", "mkdocs.yml")
    _git(root, "commit", "-q", "-m", "base")
    outputs = {
        "check": run_cli(root, "check"),
        "check (CI)": run_cli(root, "check", ci=True),
        "review --out (CI)": run_cli(root, "review", "--base", "main", "--out", str(tmp_path / "full"), ci=True),
    }
    for file in ("review.md", "review.json"):
        outputs[file] = (tmp_path / "full" / file).read_text(encoding="utf-8")
    assert all(code in outputs["check"] for code in ("[full-width-digits]", "[date-format]", "[unknown-reference]")), outputs["check"]
    assert "*********51" in outputs["check"]
    found = [f"{name}: {leak}" for name, text in outputs.items() for leak in leaks_in(text, c)]
    assert not found, "a personal number printed in clear:\n" + "\n".join(found)


def test_a_public_log_does_not_quote_what_the_list_redacts(make_project):
    """A value the site would show as ■■■ is quoted in a message (here: the entry does not even load) — not in CI."""
    c = Canaries()
    negative = conftest.NEGATIVE_LIST.replace(
        "- id: privacy\n  name: 个人隐私\n  basis: 《政府信息公开条例》第十五条\n",
        "- id: privacy\n  name: 个人隐私\n  basis: 《政府信息公开条例》第十五条\n  action: redact\n"
        "  patterns: ['现住址\\s*[:：]\\s*(?P<value>[^\\s，。]+)']\n",
    )
    root = make_project({
        "catalog/negative-list.yml": negative,
        "catalog/notice/2024/wide.yml": "title: 救助公示\norgan: demo-office\nkind: notice\npublished: 2024-03-05\ntopics: [zwgk]\n"
                                        f"disclosure: 主动公开\nkeywords: [现住址：{c('redacted.keyword')}Ａ座]\n",
    })
    local, ci = run_cli(root, "check"), run_cli(root, "check", ci=True)
    assert "[full-width-digits]" in ci and "现住址：■■■" in ci and "catalog/notice/2024/wide.yml:" in ci, ci
    assert leaks_in(local, c), "the control: locally the editor sees the value"
    assert not leaks_in(ci, c), ci


def test_index_numbers_assigned_or_previewed_in_ci_name_no_non_public_file(make_project, tmp_path):
    """``build`` writes numbers back and ``mkdocs build`` previews them: in CI only 主动公开 files are named."""
    c = Canaries()
    notice = "kind: notice\norgan: demo-office\npublished: 2024-03-05\ntopics: [zwgk]\n"
    files = {
        f"catalog/notice/2024/on-request-{c.tag('on-request.file-name')}.yml": f"title: 依申请公开的通知\n{notice}disclosure: 依申请公开\nexemption: process-info\n",
        f"catalog/notice/2024/withheld-{c.tag('withheld.file-name')}.yml": f"title: {c('withheld.title')}\n{notice}disclosure: 不予公开\nexemption: process-info\n",
        "catalog/notice/2024/public.yml": f"title: 公开通知\n{notice}disclosure: 主动公开\n",
    }
    root = make_project(files)
    preview = mkdocs_log(root, tmp_path / "site1", ci=True)
    built = run_cli(root, "build", "--write-index-no", "-d", str(tmp_path / "site2"), ci=True)
    assert "catalog/notice/2024/public.yml: 尚无索引号，本次暂用预览号码" in preview and "另有 2 个条目尚无索引号" in preview, preview
    assert "→ catalog/notice/2024/public.yml" in built and "另有 2 个不公开的条目已分配并写回索引号" in built, built
    found = [f"{name}: {leak}" for name, text in {"mkdocs build (CI)": preview, "build (CI)": built}.items() for leak in leaks_in(text, c)]
    assert not found, "\n".join(found)


def test_report_does_not_name_an_annual_report_the_list_withholds_by_itself(make_project):
    c = Canaries()
    source = (ROOT / "catalog" / "annual_report" / "2025" / "dg-finance-2024-report.yml").read_text(encoding="utf-8")
    name = f"catalog/annual_report/2025/{c.tag('auto-report.file-name')}.yml"
    root = make_project({
        "catalog/organs.yml": (ROOT / "catalog" / "organs.yml").read_text(encoding="utf-8"),
        "catalog/negative-list.yml": (ROOT / "catalog" / "negative-list.yml").read_text(encoding="utf-8"),
        name: source.replace("title: ", "title: （内部资料）", 1),
    })
    out = run_cli(root, "report", "--year", "2024")
    assert "年度报告条目 （一个不予公开的条目" in out, out
    assert not leaks_in(out, c), out


def test_a_mistyped_disclosure_keeps_the_file_out_of_the_public_log(make_project):
    """不公开, 不予公開, 涉密, no 公开属性: the entry does not load, so its 公开属性 is unknown — its name and values are not printed in CI."""
    c = Canaries()
    files = {}
    for i, typed in enumerate(("disclosure: 不公开", "disclosure: 不予公開", "disclosure: 涉密", "disclosure: 不 予 公 开", "")):
        files[f"catalog/notice/2024/{c.tag(f'typo{i}.file-name')}.markdown" if i == 4 else f"catalog/notice/2024/{c.tag(f'typo{i}.file-name')}.md"] = (
            f"---\nkind: notice\ntitle: {c(f'typo{i}.title')}\norgan: demo-office\npublished: 2024-03-05\ntopics: [zwgk]\n{typed}\n"
            f"doc_no: {c(f'typo{i}.doc_no')}[2024]1号\n---\n正文\n"
        )
    files["catalog/notice/2024/public.md"] = "---\nkind: notice\ntitle: 公开\norgan: demo-office\npublished: 2024-03-05\ntopics: [zwgk]\ndisclosure: '主动公开'  # 公开\ndoc_no: 示府办[2024]1号\n---\n正文\n"
    root = make_project(files)
    ci = run_cli(root, "check", ci=True)
    assert "catalog/notice/2024/public.md:" in ci, "a public entry's own problem is still told in full"
    assert ci.count("[不予公开条目 ") >= 5, ci
    found = leaks_in(ci, c)
    assert not found, "\n".join(found)
