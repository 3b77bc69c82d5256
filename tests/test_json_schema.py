"""The JSON Schemas editors check entry files with (schemas/, ``build.py schema``).

Both ways against the real loader: every entry the loader accepts (the demo catalog, the
consistent fixtures, lenient forms such as "1,234.56") is valid, and the typical slips
(missing title, wrong 公开属性, a date not 年-月-日, an unknown key) are errors in the
schema as they are in ``build.py check``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker

from plugins.cli import schema as schema_cli
from plugins.core.load.files import read_document
from plugins.core.kinds import KINDS
from tests import kinds_fixtures as fx
from tests import test_kinds_consultation as consultation
from tests import test_kinds_procurement as procurement

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def _errors(name: str, data: object) -> list[str]:
    validator = Draft7Validator(_schema(name), format_checker=FormatChecker())
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data))


def _data(path: Path, root: Path) -> dict:
    """The file as the loader reads it (dates stay text, as in the editor)."""
    doc, problems = read_document(path, root)
    assert doc is not None, problems
    return doc.data


def _loader_accepts(make_project, rel: str, text: str) -> bool:
    """The loader made an entry of the file (rules may still find it wrong: that is not the schema's to say)."""
    result = fx.check(make_project, {rel: text})
    return any(entry.source == rel for entry in result.catalog.entries)


def _object(schema: dict) -> dict:
    """The non-null option of an optional key."""
    return next((option for option in schema.get("anyOf", ()) if option.get("type") != "null"), schema)


def test_committed_schemas_are_current():
    assert schema_cli.stale(SCHEMAS, schema_cli.render()) == []


def test_schema_check_command_says_stale_in_chinese(tmp_path):
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    run = [sys.executable, str(ROOT / "build.py"), "-f", str(tmp_path / "mkdocs.yml"), "schema"]
    missing = subprocess.run([*run, "--check"], capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 1
    assert "缺少 schemas/budget.schema.json" in missing.stderr and "python build.py schema --write" in missing.stderr
    wrote = subprocess.run([*run, "--write"], capture_output=True, text=True, cwd=tmp_path)
    assert wrote.returncode == 0 and "已写入" in wrote.stdout
    assert (tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8") == (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert subprocess.run([*run, "--check"], capture_output=True, text=True, cwd=tmp_path).returncode == 0
    (tmp_path / "schemas" / "policy.schema.json").write_text("{}\n", encoding="utf-8")
    stale = subprocess.run([*run, "--check"], capture_output=True, text=True, cwd=tmp_path)
    assert stale.returncode == 1 and "schemas/policy.schema.json 与条目模型不一致" in stale.stderr
    assert "Traceback" not in stale.stderr
    (tmp_path / "schemas" / "policy.schema.json").unlink()
    subprocess.run([*run, "--write"], capture_output=True, text=True, cwd=tmp_path, check=True)
    settings = tmp_path / ".vscode" / "settings.json"
    settings.write_text(json.dumps({"editor.tabSize": 2, "yaml.schemas": {"other.json": "x.yml"}}), encoding="utf-8")
    unmapped = subprocess.run([*run, "--check"], capture_output=True, text=True, cwd=tmp_path)
    assert unmapped.returncode == 1 and ".vscode/settings.json 的 yaml.schemas 与类别不一致" in unmapped.stderr
    subprocess.run([*run, "--write"], capture_output=True, text=True, cwd=tmp_path, check=True)
    kept = json.loads(settings.read_text(encoding="utf-8"))
    assert kept["editor.tabSize"] == 2 and kept["yaml.schemas"]["other.json"] == "x.yml"  # the office's own settings stay
    assert kept["yaml.schemas"]["./schemas/budget.schema.json"] == ["catalog/budget/**/*.yml", "catalog/budget/**/*.yaml"]


def test_every_schema_is_valid_draft7_and_every_property_has_a_chinese_title_and_description():
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                if not (value.get("title") and any("\u4e00" <= c <= "\u9fff" for c in value.get("description", ""))):
                    missing.append(f"{where}.{key}")
            for key, value in node.items():
                if key == "if":  # the dispatch's condition, not a property an editor writes
                    continue
                walk(value, f"{where}.{key}" if key not in ("properties", "items", "anyOf", "definitions") else where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft7Validator.check_schema(schema)
        walk(schema, path.name)
    assert len(list(SCHEMAS.glob("*.schema.json"))) == len(KINDS) + 3
    assert missing == []


def test_titles_are_the_field_labels():
    budget = _schema("budget")
    assert budget["properties"]["disclosure"]["title"] == "公开属性"
    assert budget["properties"]["disclosure"]["enum"] == ["主动公开", "依申请公开", "不予公开"]
    row = _object(budget["properties"]["tables"])["items"]["properties"]["rows"]["items"]
    assert row["properties"]["code"]["title"] == "科目编码"
    assert set(budget["required"]) == {"title", "organ", "published", "disclosure", "fiscal_year"}
    three = _schema("three_public")["properties"]["vehicles"]  # required: no null option
    assert three["title"] == "公务用车购置及运行费" and three["properties"]["purchase"]["title"] == "购置费"


def test_every_demo_entry_and_registry_is_valid():
    checked = 0
    for path in sorted((ROOT / "catalog").rglob("*")):
        if path.suffix not in (".yml", ".md"):
            continue
        rel = path.relative_to(ROOT / "catalog")
        if len(rel.parts) == 1:
            if path.stem not in ("organs", "topics"):
                continue
            assert _errors(path.stem, _data(path, ROOT)) == [], rel
        else:
            data = _data(path, ROOT)
            assert _errors(rel.parts[0], data) == [], rel
            assert _errors("entry", {"kind": rel.parts[0], **data}) == [], rel
        checked += 1
    assert checked >= 20


FIXTURES = {
    "catalog/budget/2024/budget.yml": fx.BUDGET,
    "catalog/final_account/2024/final.yml": fx.FINAL_ACCOUNT,
    "catalog/three_public/2023/three.yml": fx.THREE_PUBLIC_2023,
    "catalog/three_public/2024/three.yml": fx.THREE_PUBLIC_2024,
    "catalog/annual_report/2024/report.yml": fx.ANNUAL_REPORT,
    **fx.POLICIES,
    **{f"catalog/procurement/2024/{name.lower()}.yml": getattr(procurement, name) for name in ("INTENTION", "TENDER", "CORRECTION", "RESULT", "CONTRACT")},
    "catalog/consultation/2024/draft.md": consultation.DRAFT,
}


@pytest.mark.parametrize("rel", sorted(FIXTURES))
def test_loader_accepted_fixtures_are_valid(make_project, tmp_path, rel):
    text = FIXTURES[rel]
    assert _loader_accepts(make_project, rel, text)
    data = _data(tmp_path / rel, tmp_path)
    assert _errors(rel.split("/")[1], data) == []
    assert _errors("entry", data) == []


LENIENT = [
    # the loader reads these; the schema must not mark them
    ("catalog/budget/2024/budget.yml", fx.BUDGET, "fiscal_year: 2024", "fiscal_year: '2024'"),
    ("catalog/budget/2024/budget.yml", fx.BUDGET, "topics: [czys]", "topics:"),
    ("catalog/three_public/2024/three.yml", fx.THREE_PUBLIC_2024, "total: 48.30", "total: '48.30'"),
    ("catalog/policy/2024/p.yml", fx.POLICIES["catalog/policy/2024/shicai-2024-5.yml"], "kind: policy\n", ""),
    ("catalog/policy/2024/p.yml", fx.POLICIES["catalog/policy/2024/shicai-2024-5.yml"], "doc_no: 示财〔2024〕5号", "doc_no: 国务院令第711号"),
]


@pytest.mark.parametrize("rel, text, old, new", LENIENT)
def test_lenient_forms_the_loader_reads_are_valid(make_project, tmp_path, rel, text, old, new):
    assert old in text
    changed = text.replace(old, new, 1)
    assert _loader_accepts(make_project, rel, changed)
    assert _errors(rel.split("/")[1], _data(tmp_path / rel, tmp_path)) == []


def test_budget_cells_as_published_are_valid(make_project, tmp_path):
    first = fx.BUDGET.index("values: [") + len("values: [")
    changed = fx.BUDGET[:first] + "'1,234.56', '-', '—', '', " + fx.BUDGET[first:]
    rel = "catalog/budget/2024/cells.yml"
    assert _loader_accepts(make_project, rel, changed)  # the sums may now differ: a rule's to say, not the form's
    data = _data(tmp_path / rel, tmp_path)
    assert _errors("budget", data) == []
    row = next(row for table in data["tables"] for side in (table, table.get("income") or {}) for row in side.get("rows", ()) if row.get("values"))
    assert row["values"][:4] == ["1,234.56", "-", "—", ""]
    row["values"][0] = "一千"
    assert len(_errors("budget", data)) == 1


MISTAKES = [
    # (as written, the slip, the key the schema marks, part of its message)
    ("title: 示例市财政局关于印发预算绩效管理办法的通知\n", "", "", "'title' is a required property"),
    ("disclosure: 主动公开", "disclosure: 公开", "disclosure", "is not one of ['主动公开', '依申请公开', '不予公开']"),
    # published is a date or 未说明 (an archive entry's, docs/catalog-format.md): a slip fails both branches
    ("published: 2024-03-04", "published: 2024年3月4日", "published", "is not valid under any of the given schemas"),
    ("published: 2024-03-04", "published: 2024/3/4", "published", "is not valid under any of the given schemas"),
    ("published: 2024-03-04", "published: 2024-02-30", "published", "is not valid under any of the given schemas"),
    ("validity: 有效", "valdity: 有效", "", "Additional properties are not allowed ('valdity' was unexpected)"),
    ("doc_no: 示财〔2024〕5号", "doc_no: 示财[2024]5号", "doc_no", "is not valid under any of the given schemas"),
    ("effective: 2024-04-01", "effective: 2024-4-1", "effective", "is not valid under any of the given schemas"),
]


@pytest.mark.parametrize("old, new, key, expected", MISTAKES)
def test_typical_mistakes_are_errors_in_the_schema_and_in_check(make_project, tmp_path, old, new, key, expected):
    text = fx.POLICIES["catalog/policy/2024/shicai-2024-5.yml"]
    assert old in text
    rel = "catalog/policy/2024/p.yml"
    assert not _loader_accepts(make_project, rel, text.replace(old, new, 1))
    errors = _errors("policy", _data(tmp_path / rel, tmp_path))
    assert errors and all(e.startswith(f"{key}: ") for e in errors), errors
    assert any(expected in e for e in errors), errors


def test_entry_schema_dispatches_on_kind():
    data = {"kind": "three_public", "title": "x", "organ": "o", "published": "2024-01-01", "disclosure": "主动公开", "fiscal_year": 2024, "stage": "预算",
            "outbound": {"amount": 0}, "vehicles": {"purchase": 0, "operation": 1}, "reception": {"amount": 0}, "total": 1}
    assert _errors("entry", data) == []
    assert _errors("entry", {**data, "kind": "policy"}) != []  # a policy has no fiscal_year
    assert any("'kind' is a required property" in e for e in _errors("entry", {k: v for k, v in data.items() if k != "kind"}))
    assert any("'budgett' is not one of" in e for e in _errors("entry", {**data, "kind": "budgett"}))


def test_registries():
    assert _errors("organs", [{"id": "dg-finance", "name": "东莞市财政局", "uscc": "114419000073302510"}]) == []
    assert _errors("organs", [{"id": "dg finance", "name": "东莞市财政局"}]) != []
    assert _errors("topics", [{"id": "czys", "name": "财政"}]) == []
    assert any("'name' is a required property" in e for e in _errors("topics", [{"id": "czys"}]))


def test_vscode_settings_map_every_schema_to_its_folder():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        assert mapping[f"./schemas/{kind.code}.schema.json"] == [f"catalog/{kind.code}/**/*.yml", f"catalog/{kind.code}/**/*.yaml"]
    assert mapping["./schemas/organs.schema.json"] == ["catalog/organs.yml"]
    assert mapping["./schemas/topics.schema.json"] == ["catalog/topics.yml"]
    for name in mapping:
        assert (ROOT / name).is_file(), name
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "redhat.vscode-yaml" in recommended
