"""Generate a synthetic catalog of N entries for benchmarks.

    python bench/generate.py 10000 /tmp/cat10k

writes a complete project (mkdocs.yml, content/, catalog/ with registries and
N entries spread over kinds, organs, topics and years). Text is Chinese drawn
from the seed documents so segmentation and search see realistic words. The
output is deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from plugins.core.kinds import samples  # consistent 预决算 tables and 年度报告 sections

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "catalog"
KIND_WEIGHTS = {"policy": 30, "notice": 30, "interpretation": 10, "procurement": 20, "annual_report": 2, "three_public": 4, "budget": 2, "final_account": 2}
ORGAN_NAMES = ["财政局", "教育局", "卫生健康局", "交通运输局", "生态环境局", "住房和城乡建设局", "民政局", "人力资源和社会保障局", "市场监督管理局", "农业农村局", "应急管理局", "自然资源局", "司法局", "审计局", "统计局", "水务局", "商务局", "文化广电旅游体育局", "退役军人事务局", "医疗保障局"]
TOPICS = ["综合政务\\政务公开", "财政、金融、审计\\财政", "城乡建设、环境保护\\城乡建设", "科技、教育\\教育", "卫生、体育\\卫生", "劳动、人事、监察\\社会保障", "民政、扶贫、救灾\\社会福利", "工业、交通\\交通", "农业、林业、水利\\农业", "市场监管、安全生产监管\\安全生产", "公安、安全、司法\\司法", "其他"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(n: int) -> str:
    body = f"114419000{n:08d}"
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def corpus() -> list[str]:
    """Sentences from the seed documents (shared/seeds), or a fallback list."""
    seeds = ROOT.parent / "shared" / "seeds"
    text = ""
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        text += path.read_text(encoding="utf-8", errors="ignore")
    sentences = [s.strip() for s in re.split(r"[。！？\n]", text) if 12 <= len(s.strip()) <= 120]
    return sentences or ["进一步推进政府信息公开工作，全面公开部门预算和“三公”经费信息"]


def project(n: int, out: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    sentences = corpus()
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    cat = out / "catalog"
    cat.mkdir()
    (out / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (out / "content" / "apply.md").write_text("# 依申请公开指南\n", encoding="utf-8")
    (out / "content" / "guide.md").write_text("# 信息公开指南\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        (ROOT / "bench" / "mkdocs-bench.yml").read_text(encoding="utf-8") if (ROOT / "bench" / "mkdocs-bench.yml").exists()
        else "site_name: 基准目录\ndocs_dir: content\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins:\n  - gk-catalog\n",
        encoding="utf-8",
    )
    organs = [(f"organ-{i:02d}", f"示例市{name}", uscc(1000 + i)) for i, name in enumerate(ORGAN_NAMES)]
    (cat / "organs.yml").write_text("".join(f"- id: {i}\n  name: {n_}\n  uscc: \"{u}\"\n" for i, n_, u in organs), encoding="utf-8")
    (cat / "topics.yml").write_text("".join(f"- id: t{i:02d}\n  name: {t}\n" for i, t in enumerate(TOPICS)), encoding="utf-8")
    shutil.copy(SEEDS / "negative-list.yml", cat / "negative-list.yml")
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    serial: dict[tuple[str, int], int] = {}
    policies: list[str] = []
    three_public_years: set[tuple[str, int]] = set()  # one “三公” entry per organ and year
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        if kind == "interpretation" and not policies:
            kind = "policy"
        organ_id, organ_name, code = rng.choice(organs)
        year = rng.randint(2016, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if kind == "three_public" and (organ_id, year) in three_public_years:
            kind = "notice"
        if kind == "three_public":
            three_public_years.add((organ_id, year))
        if kind == "annual_report":
            month = 1  # due by 1月31日 of the next year
        serial[(code, year)] = serial.get((code, year), 0) + 1
        index_no = f"{code}/{year}-{serial[(code, year)]:05d}"
        body = "\n\n".join("".join(rng.choices(sentences, k=4)) + "。" for _ in range(5))
        title = f"{organ_name}关于{rng.choice(sentences)[:18]}的{rng.choice(['通知', '意见', '公告', '方案', '报告'])}"
        lines = [
            f"kind: {kind}",
            f"title: \"{title}\"",
            f"index_no: {index_no}",
            f"organ: {organ_id}",
            f"published: {year}-{month:02d}-{day:02d}",
            f"topics: [t{rng.randrange(len(TOPICS)):02d}]",
            "disclosure: 主动公开",
        ]
        if kind in ("policy", "notice"):
            lines.append(f"doc_no: 示{organ_name[3:5]}〔{year}〕{serial[(code, year)]}号")
        if kind == "policy":
            lines.append("validity: 有效")
            policies.append(index_no)
        if kind == "interpretation":
            lines.append(f"interprets: {rng.choice(policies[-50:])}")
        if kind == "procurement":
            due_year, due_month = (year + 1, 1) if month == 12 else (year, month + 1)  # 等标期 ≥ 20 日
            lines += [f"project_no: CG-{year}-{i:06d}", f"project_name: 示例采购项目{i:06d}", "notice_type: 招标公告", "method: 公开招标", f"budget_amount: {rng.randint(1, 900) * 10000}", f"deadline: {due_year}-{due_month:02d}-{day:02d} 09:30"]
        if kind == "annual_report":
            lines += [f"report_year: {year - 1}", samples.annual_report_fields(year - 1)]
        if kind in ("budget", "final_account"):
            lines += [f"fiscal_year: {year if kind == 'budget' else year - 1}", samples.budget_tables(kind).rstrip("\n")]
            body += "\n\n机关运行经费、政府采购和“三公”经费情况见上方报表。"
        if kind == "three_public":
            a, b, c_, d = (rng.randint(0, 50) for _ in range(4))
            lines += [f"fiscal_year: {year}", "stage: 预算", f"outbound: {{amount: {a}}}", f"vehicles: {{purchase: {b}, operation: {c_}}}", f"reception: {{amount: {d}}}", f"total: {a + b + c_ + d}", "change_reason: 按规定压减一般性支出"]
        text = "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"
        folder = cat / kind / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"e{i:06d}.md").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    project(args.count, args.out, args.seed)
    print(f"wrote {args.count} entries to {args.out}")


if __name__ == "__main__":
    main()
