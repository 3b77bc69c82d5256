#!/usr/bin/env python3
"""政府信息公开目录 — 命令行工具。

  python build.py check            只检查目录（不生成网站），列出全部问题
  python build.py build            分配索引号、检查并生成网站到 site/
  python build.py serve            本地预览，修改条目后自动刷新
  python build.py new KIND         生成一个新条目模板（每个字段旁有中文说明）
  python build.py import 文件…     从财政系统的 PDF、Excel 或信息公开目录导出表生成条目
  python build.py review --base main  保密审查：列出本次修改将公开、不予公开的内容和检测发现
  python build.py report --year 2024 --organ dg-finance  年度报告中目录可计算的数字
  python build.py allow 文件:行号 --reason 理由  把经审查确认的误报登记到白名单（不记录号码本身）
  python build.py asissued 文件:行号 --code 代码 --by 核实人 --reason 说明  原文如此：原件就是这样的问题，核实后照原样公开
  python build.py counts           私有文件夹中不予公开条目的数量（只有数字），写入 catalog/withheld-counts.yml

每个命令都可加 --help 查看说明。
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # run from a fresh clone even before `pip install -e .`

from plugins.cli import venv  # noqa: E402  (standard library only)

if __name__ == "__main__":
    venv.ensure(ROOT, str(Path(__file__).resolve()), sys.argv[1:])  # `python build.py …` with any python: the project's .venv

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the banner is for developers, not editors

from plugins.cli.allow import cmd_allow  # noqa: E402
from plugins.cli import asissued as asissued_cli  # noqa: E402
from plugins.cli.codes import cmd_codes  # noqa: E402
from plugins.cli.counts import cmd_counts  # noqa: E402
from plugins.cli import ending, importing  # noqa: E402
from plugins.cli.new import cmd_new  # noqa: E402
from plugins.cli.settings import _attachments_dir, _catalog_dir, _config_problems, _run, config_problems, site_settings  # noqa: E402
from plugins.core import pipeline  # noqa: E402
from plugins.core.check import asissued, indexno  # noqa: E402
from plugins.core.check.rules import naming  # noqa: E402
from plugins.core.kinds.annual_report.report import report_lines  # noqa: E402
from plugins.core.load import gitref  # noqa: E402
from plugins.core.outputs.publish import PublishError, atomic_publish, describe  # noqa: E402
from plugins.core.review import cli as review_cli  # noqa: E402
from plugins.core.serve import errorpage, gcpause  # noqa: E402
from plugins.core.wall.public import shown as wall_shown  # noqa: E402
from plugins.core.problems.diagnostics import summary  # noqa: E402
from plugins.core.wall.logview import PUBLIC_LOG_ENV, log_view  # noqa: E402
from plugins.core.wall.counts import withheld_summary  # noqa: E402
from plugins.core.kinds import KINDS  # noqa: E402
from plugins.core.load.kind import KindSet  # noqa: E402
from plugins.cli.schema import cmd_schema  # noqa: E402

KIND_SET = KindSet(KINDS)


_ARGPARSE_CHINESE = {
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "invalid %(type)s value: %(value)r": "参数值 %(value)r 不对（应为%(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项，只能写：%(choices)s",
    "expected one argument": "后面要写一个值",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "ambiguous option: %(option)s could match %(matches)s": "参数 %(option)s 不完整，可能是：%(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 --help 查看用法）\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}
_TYPE_NAMES = {"int": "整数", "year": "四位数的年份"}


def _chinese(message: str) -> str:
    """argparse's own messages (usage errors) in Chinese: it looks them up through ``argparse._``."""
    return _ARGPARSE_CHINESE.get(message, message)


argparse._ = _chinese  # type: ignore[attr-defined]


def _year(text: str) -> int:
    """--year: a calendar year an annual report can be about."""
    text = text.strip()
    if not (len(text) == 4 and text.isascii() and text.isdigit()) or not 1900 <= int(text) <= 9999:
        raise argparse.ArgumentTypeError(f"年度应写成四位数的年份，如 2024，这里是“{text[:20]}”")
    return int(text)


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description=__doc__,
        formatter_class=ChineseHelpFormatter,
        add_help=False,
    )
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本说明")
    default_config = Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else ROOT / "mkdocs.yml"
    parser.add_argument("-f", "--config-file", default=str(default_config.resolve()), help="网站配置文件（默认为当前文件夹的 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令")

    def command(name: str, help: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=description, formatter_class=ChineseHelpFormatter, add_help=False)
        sub._optionals.title = "选项"
        sub._positionals.title = "参数"
        sub.add_argument("-h", "--help", action="help", help="显示本说明")
        if name != "new":
            sub.add_argument("--public-log", action="store_true", help="输出会被很多人看到（CI 日志）：不予公开条目的问题不显示文件名和内容。设置了环境变量 CI 时自动如此")
        return sub

    check = command("check", "只检查目录，不生成网站", "检查 catalog/ 下的全部条目和名录，列出每个问题所在的文件、行号、字段和改法。\n有错误时以非零状态退出（可用于提交前检查和 CI）。")
    check.add_argument("--strict", action="store_true", help="把警告也当作错误")
    check.add_argument("--base", metavar="基准版本", help="检查本分支写入的索引号是否已被基准分支的其他条目使用（默认：在 git 分支上时与 origin/main 或 main 比较）")
    check.add_argument("--no-base", action="store_true", help="不与基准分支比较索引号")
    build = command("build", "分配索引号、检查并生成网站", "为缺少索引号的条目分配索引号并写回文件（默认只在默认分支上或不用 git 时写回；\n其他分支上只作预览，见 docs/catalog-format.md “索引号的分配”），检查全部条目，\n然后生成网站到 site/ 文件夹。有错误时不生成网站，原有网站保持不变。")
    build.add_argument("--strict", action="store_true", help="把警告也当作错误")
    build.add_argument("-d", "--site-dir", help="输出文件夹（默认 site/）")
    writing = build.add_mutually_exclusive_group()
    writing.add_argument("--write-index-no", dest="write_index_no", action="store_const", const=True, help="把新分配的索引号写回条目文件（默认只在默认分支上或不用 git 时写回）")
    writing.add_argument("--no-write-index-no", dest="write_index_no", action="store_const", const=False, help="不写回：新条目的索引号只作预览")
    serve = command("serve", "本地预览，修改后自动刷新", "在本机启动预览网站（默认 http://127.0.0.1:8000/），\n修改 catalog/ 或 content/ 下的文件后自动重新生成。按 Ctrl+C 结束。")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="地址和端口（默认 127.0.0.1:8000）")
    new = command("new", "生成新条目模板", "在 catalog/<类别>/<年份>/ 下生成一个新条目文件，每个字段旁有中文说明。\n类别：" + "，".join(f"{k}（{v}）" for k, v in KIND_SET.names.items()))
    new.add_argument("kind", metavar="类别", choices=list(KIND_SET), help="条目类别：" + "、".join(KIND_SET))
    new.add_argument("slug", metavar="文件名", nargs="?", help="文件名（不含扩展名，默认按日期生成）")
    new.add_argument("--markdown", action="store_true", help="生成 Markdown 条目（元数据 + 正文），默认生成 YAML")
    new.add_argument("--organ", metavar="机构编号", help="发布机构编号（catalog/organs.yml 的 id）：写入模板，文件名以它开头（保密审查按它找审查人）；在终端中不写时会询问")
    importing.add_arguments(command("import", "从 PDF、Excel、CSV 或目录导出表生成条目", "读取财政系统打印的部门预算/决算 PDF、Excel 报表、“三公”经费表、采购结果公告或已有的信息公开目录导出表，\n每份文件（目录导出表每一行）写成 catalog/<类别>/<年度>/ 下的一个条目，并把原件作为附件。\n读不出的数字和字段写作“待补：<原件中的位置>”，从不猜测；已有的文件不会被覆盖。\n写入后检查目录，列出导入条目的问题。"))
    review = command("review", "保密审查：本次修改将公开什么", "把工作区的目录与基准版本（合并请求的目标分支）比较，写出保密审查报告：\n新增、变更、停止公开的条目，不予公开条目及其依据，检测发现，附件，年度报告统计的变化。\n有阻止发布的问题时以状态 1 退出，无法比较（如找不到基准版本）时以状态 2 退出。\n完整报告列出不予公开条目的标题，只给审查人员看；公开场合用 --public-comment。")
    review.add_argument("--base", metavar="基准版本", help="比较的基准：分支名、标签或提交号（如 main、origin/main）")
    review.add_argument("--out", metavar="文件夹", help="把报告写成 文件夹/review.md、review.html（用浏览器打开）和 review.json（默认打印到屏幕）")
    review.add_argument("--public-comment", action="store_true", help="生成可公开摘要：只列公开条目的标题，不予公开的条目只给数量")
    review.add_argument("--preview-url", default="", metavar="网址", help="本次修改的预览网站（CI 产物）的网址或相对于报告文件夹的路径，如 site/；报告为每个条目链接其预览页面")
    command("counts", "私有文件夹的不予公开条目数量", "从私有文件夹（mkdocs.yml 中 gk-catalog 的 private_dir）统计不予公开的条目，\n写入 catalog/withheld-counts.yml：只有发布机构编号、年份、负面清单编号和个数。\n公开仓库的 CI 读不到私有文件夹时，check 和年度报告的数字取自这个文件。")
    report = command("report", "年度报告：目录中可计算的数字", "按目录计算政府信息公开工作年度报告中目录已知的数字：\n规章和行政规范性文件的本年制发、本年废止、现行有效件数，本年不予公开的条目数（按负面清单编号，只计数）；\n并与该年度报告条目中填写的数字比较。")
    report.add_argument("--year", required=True, type=_year, metavar="年度", help="报告年度，如 2024")
    report.add_argument("--organ", metavar="机构编号", help="发布机构编号（见 catalog/organs.yml）；不写则列出该年度有报告的全部机构")
    allow = command(
        "allow", "登记检测器误报或无法检查的附件（白名单）",
        "经保密审查确认后，把某一行的检测发现登记到 catalog/detector-allowlist.yml：\n"
        "  python build.py allow catalog/notice/2024/a.md:12 --reason \"单位对外公布的值班手机\"\n"
        "登记这一行的全部发现（只存加盐的慢哈希，不存号码，屏幕上也不显示号码）。\n"
        "无法自动检查的附件（.doc、扫描件 PDF、图片、压缩包等）写附件路径，不写行号：\n"
        "  python build.py allow catalog/notice/2024/附件.doc --reason \"已逐页核对，无个人信息\"\n"
        "按文件内容的哈希登记，文件一改就要重新审查。这一行或这个文件没有发现时报错，不写入任何内容。",
    )
    allow.add_argument("target", metavar="文件[:行号]", help="错误信息中的 文件:行号；无法检查的附件只写路径")
    allow.add_argument("--reason", required=True, metavar="理由", help="为什么可以公开（必填，随白名单一起审查）")
    allow.add_argument("--reviewer", default="", metavar="审核人", help="审核人姓名（可选）")
    asissued_cli.add_arguments(command(
        "asissued", "登记原文如此：原件就是这样印发的问题，核实后照原样公开",
        "原件印发时就有的问题（报表数字不平、文号或日期的原件写法、正文与报表不一致），经人与原件核实后，\n"
        "登记到 catalog/as-issued.yml（不予公开的条目登记到私有文件夹的 as-issued.yml）：\n"
        "  python build.py asissued catalog/budget/2024/a.yml:50 --code budget-total-row --by 张三 --reason \"原文如此，已与财政局核实\"\n"
        "登记后这处问题不再阻止发布：check 显示为“已核实”，条目页面注明“原文如此”和说明，保密审查报告列出。\n"
        "登记记下所引数字的核对值：数字一改，登记失效，问题重新报告。负面清单、检测器和格式错误不能登记。",
    ))
    codes = command("codes", "维护：生成或核对问题代码一览", "从代码表生成 docs/problem-codes.md（通用的代码和各类别 codes.py 中的代码）：\n不加参数时打印到屏幕，--write 写入文件，--check 核对文件是否与代码表一致（不一致时以状态 1 退出）。")
    doing = codes.add_mutually_exclusive_group()
    doing.add_argument("--write", action="store_true", help="写入 docs/problem-codes.md")
    doing.add_argument("--check", action="store_true", help="只核对，不写入")
    schema = command("schema", "维护：生成或核对编辑器用的 JSON Schema", "从条目模型生成 schemas/ 下的 JSON Schema（每个类别一个，另有 entry、organs、topics），\nVS Code 等编辑器据此边写边提示和检查（见 docs/catalog-format.md）：\n--write 写入，--check 核对是否最新（不是最新时以状态 1 退出）。")
    schema_doing = schema.add_mutually_exclusive_group()
    schema_doing.add_argument("--write", action="store_true", help="写入 schemas/")
    schema_doing.add_argument("--check", action="store_true", help="只核对，不写入")
    return parser


def _base_collisions(args: argparse.Namespace, result: pipeline.Result, catalog_dir: Path, root: Path) -> list:
    """索引号 this branch wrote that the base branch gives to another entry (``check --base``)."""
    if args.no_base:
        return []
    base = args.base or indexno.default_base(root)
    if base is None:
        return []
    try:
        return indexno.base_collisions(result.catalog, catalog_dir, root, base)
    except gitref.GitRefError as exc:
        if args.base:  # asked for: a problem; guessed: say why it was skipped
            print(f"错误 无法与基准版本比较索引号：{exc.what} — {exc.fix}")
            return [None]
        print(f"提示 未与基准版本 {base} 比较索引号：{exc.what}")
        return []


@gcpause.paused  # the collector also waits while the result is reported: it would walk the whole catalog again, for nothing
def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    config_file = Path(args.config_file).resolve()
    catalog_dir = _catalog_dir(config_file)
    result = _run(config_file, check_write_back=True)
    config_problems = _config_problems(config_file)
    if config_problems:
        result.diagnostics = config_problems + result.diagnostics
        result.public = None
    collisions = _base_collisions(args, result, catalog_dir, config_file.parent)
    if None in collisions:
        return 1
    if collisions:
        result.diagnostics += collisions
        result.public = None
    if result.public is not None:  # what the build will warn of in the outputs (OCDS placeholders)
        settings = site_settings(config_file)
        result.diagnostics += [d for kind in KINDS if kind.site_problems is not None for d in kind.site_problems(result.public, settings)]
    view = log_view(result.catalog, result.diagnostics, private_dirs=result.private_dirs)
    for diagnostic, text in view.lines(result.diagnostics):
        print(("错误 " if diagnostic.is_error else "警告 ") + text)
    for _, text in view.lines([item.line for item in result.acknowledged]):
        print(asissued.PREFIX + text)
    failed = bool(result.errors) or (args.strict and result.diagnostics)
    elapsed = time.perf_counter() - started
    entries = len(result.catalog.entries)
    if failed:
        if result.counts_source:
            print("\n" + result.counts_source, end="")
        print(f"\n检查未通过：{summary(result.diagnostics)}。无错误的条目 {entries} 个，用时 {elapsed:.2f} 秒。")
        return 1
    acknowledged = f"，{len(result.acknowledged)} 处原文如此（已核实，照原样公开）" if result.acknowledged else ""
    print(f"检查通过：{entries} 个条目，{summary(result.diagnostics)}{acknowledged}，用时 {elapsed:.2f} 秒。")
    if result.public is not None:
        for line in withheld_summary(result.public):
            print(line)
    if result.counts_source:
        print(result.counts_source)
    if result.assigned:
        print(f"另有 {len(result.assigned)} 个条目尚无索引号：在默认分支上运行 python build.py build（或合并后由 CI）分配并写回。")
    return 0


def _mkdocs_config(args: argparse.Namespace, **overrides: Any):
    from mkdocs.config import load_config  # MkDocs only where a command needs it: check, new and report start fast

    return load_config(args.config_file, **overrides)


def _setup_logging() -> None:
    from mkdocs.__main__ import ColorFormatter  # MkDocs only where a command needs it: check, new and report start fast

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def assign_index_numbers(config_file: Path) -> int | None:
    """Write 索引号 into entries that have none, before MkDocs reads them; None when a file could not take its number.

    Only public entries are named: a withheld entry's number and file name stay out of the log.
    """
    result = _run(config_file, write_index_no=True)
    view = log_view(result.catalog, result.diagnostics, private_dirs=result.private_dirs)
    failed = [d for d in result.diagnostics if d.code.startswith("index-no-write") or d.code == "index-no-lock"]
    for _, text in view.lines(sorted(failed)):
        print("错误 " + text)
    public = {entry.ref for entry in result.public.entries} if result.public is not None else set()
    hidden = 0
    for entry in result.written:
        if entry.ref in public and not (view.public and view.is_private(entry.source)):  # a 依申请公开 file is not named in CI
            print(f"已分配索引号 {entry.index_no} → {entry.source}")
        else:
            hidden += 1
    if hidden:
        print(f"另有 {hidden} 个不公开的条目已分配并写回索引号（不列出）。")
    if failed:
        print(f"\n构建失败，原有网站未改动：{len(failed)} 个条目无法写入索引号，见上方列表。")
        return None
    if result.written:
        print("用 git 管理目录时请提交这些文件的改动（git add catalog && git commit）；索引号一经发布不再改变。")
    return len(result.written)


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build  # MkDocs only where a command needs it: check, new and report start fast
    from mkdocs.exceptions import Abort, MkDocsException

    _setup_logging()
    config_file = Path(args.config_file).resolve()
    write = args.write_index_no
    if write is None:
        write, why = indexno.may_write(config_file.parent)
        if not write:
            print(f"{why}：本次不写回索引号，尚无索引号的条目只显示预览号码（合并到默认分支后分配）。")
    if write and assign_index_numbers(config_file) is None:
        return 1
    started = time.perf_counter()
    try:
        config = _mkdocs_config(args, strict=args.strict)
        site_dir = Path(os.path.abspath(args.site_dir)) if args.site_dir else Path(config.site_dir)

        def build_into(folder: Path) -> None:
            config.site_dir = str(folder)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()

        atomic_publish(build_into, site_dir)
    except (MkDocsException, Abort, PublishError) as exc:
        message = _build_message(exc)
        print(f"\n构建失败，原有网站未改动。{message}", file=sys.stderr)
        return 1
    print(f"网站已生成到 {site_dir}，用时 {time.perf_counter() - started:.1f} 秒。")
    return 0


def _build_message(exc: Exception) -> str:
    """MkDocs' own English endings in Chinese; the problems themselves were logged above."""
    import re

    message = str(exc)
    strict = re.fullmatch(r"Aborted with (\d+) warnings? in strict mode!", message)
    if strict:
        return f"严格模式（--strict）下有 {strict[1]} 个警告，见上方列表。"
    if message.startswith("Aborted with a "):  # e.g. "Aborted with a BuildError!": the plugin logged why
        return "原因见上方列表。"
    return message


def _guard_rebuilds(config_file: Path) -> None:
    """A rebuild after an edit that fails ends in a Chinese line, not in MkDocs' traceback, and the open pages show why.

    MkDocs' live-reload loop prints the traceback of any exception its builder raises and keeps serving
    the old site; the builder it is given is wrapped here: mkdocs.yml is read with the bounded parser
    first (an edit that breaks it is named with its line), what the build raises is said in one sentence,
    and until a rebuild succeeds every page served carries the problem list (serve/errorpage.py).
    The wrapper returns normally, so the server still tells the open pages to reload.
    """
    from mkdocs.commands import serve as serve_module  # MkDocs only where a command needs it: check, new and report start fast
    from mkdocs.exceptions import Abort, MkDocsException

    class GuardedServer(serve_module.LiveReloadServer):
        failure: bytes = b""
        current: Any = None
        built = False  # a build of this serve has succeeded: the pages below a banner are its pages

        def __init__(self, builder, *args, **kwargs):
            GuardedServer.current = self
            def fail(headline: str, lines: list[str]) -> None:
                self.failure = errorpage.banner(headline, lines, last_good=GuardedServer.built)
                print(f"预览未更新：{headline}改正后保存，预览会自动重新生成。", file=sys.stderr)

            def guarded() -> None:
                problems = config_problems(config_file)
                if problems:
                    for line in problems:
                        print("错误 " + line, file=sys.stderr)
                    fail("网站配置文件 mkdocs.yml 有错误。", ["错误 " + line for line in problems])
                    return
                try:
                    builder()
                    self.failure = b""
                    GuardedServer.built = True
                except (MkDocsException, Abort) as exc:
                    lines = _problem_lines(exc)
                    fail("目录检查未通过，网站没有重新生成。" if lines else _build_message(exc), lines)
                except OSError as exc:
                    fail(f"{describe(exc)} — 检查文件权限和磁盘空间。", [])
                except Exception as exc:  # noqa: BLE001 - the editor sees a sentence, the server keeps running
                    if os.environ.get("GK_DEBUG"):
                        raise
                    fail(f"程序内部错误 {type(exc).__name__}：请把这条消息告知维护人员；设置环境变量 GK_DEBUG=1 可看到详细信息。", [])

            super().__init__(guarded, *args, **kwargs)

        def _inject_js_into_html(self, content, epoch):
            page = super()._inject_js_into_html(content, epoch)
            return errorpage.inject(page, self.failure) if self.failure else page

    serve_module.LiveReloadServer = GuardedServer  # type: ignore[misc]
    real_build, first = serve_module.build, [True]

    def build_first(config, **kwargs):
        """The first build, which MkDocs runs before serving: a catalog with errors still starts the preview, showing them."""
        if not first:
            return real_build(config, **kwargs)
        first.clear()
        try:
            real_build(config, **kwargs)
            GuardedServer.built = True
        except (MkDocsException, Abort) as exc:
            lines = _problem_lines(exc)
            if not lines or GuardedServer.current is None:
                raise
            GuardedServer.current.failure = errorpage.banner("目录检查未通过，网站没有生成。", lines, last_good=False)
            print("预览未生成：目录检查未通过，问题见上方列表和浏览器中的页面；改正后保存，预览会自动生成。", file=sys.stderr)
            Path(config.site_dir).mkdir(parents=True, exist_ok=True)
            (Path(config.site_dir) / "index.html").write_bytes(errorpage.EMPTY_SITE)

    serve_module.build = build_first


def _problem_lines(exc: BaseException) -> list[str]:
    """The problem list the catalog plugin put on its error; MkDocs re-raises it as Abort, the original as context."""
    seen: BaseException | None = exc
    while seen is not None:
        lines = getattr(seen, "problem_lines", None)
        if lines is not None:
            return list(lines)
        seen = seen.__cause__ or seen.__context__
    return []


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve  # MkDocs only where a command needs it: check, new and report start fast
    from mkdocs.exceptions import Abort, MkDocsException

    _setup_logging()
    # Rebuild only the pages whose source changed (the catalog plugin tells MkDocs which);
    # MkDocs' English warning about dirty builds is for developers, not editors.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    _guard_rebuilds(Path(args.config_file))
    try:
        serve(args.config_file, dev_addr=args.dev_addr, open_in_browser=False, livereload=True, build_type="dirty")
    except (MkDocsException, Abort) as exc:
        print(f"预览失败：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    if not args.base:
        print("缺少 --base：写明与哪个版本比较，如 python build.py review --base origin/main", file=sys.stderr)
        return 2
    config_file = Path(args.config_file).resolve()
    return review_cli.main(config_file, _catalog_dir(config_file), args.base, out=args.out, public_comment=args.public_comment, attachments_dir=_attachments_dir(config_file), preview_url=args.preview_url)


def cmd_report(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    result = _run(config_file)
    if result.counts_source:
        print(result.counts_source)
    if result.errors:
        print(f"注意：目录有 {summary(result.diagnostics)}，有错误的条目未计入（运行 python build.py check 查看）。\n")
    with naming(result.catalog, wall_shown):  # a report the negative list withholds by itself is not named either
        lines = report_lines(result.catalog, args.year, args.organ)
    print("\n".join(lines).rstrip())
    return 1 if args.organ and args.organ not in result.catalog.organs else 0


COMMANDS = {"import": importing.cmd_import, "allow": cmd_allow, "codes": cmd_codes, "counts": cmd_counts, "check": cmd_check, "build": cmd_build, "serve": cmd_serve, "new": cmd_new, "review": cmd_review, "report": cmd_report}


COMMANDS["schema"] = cmd_schema
COMMANDS["asissued"] = asissued_cli.cmd_asissued


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name with undecodable bytes must print, not crash
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "public_log", False):
        os.environ[PUBLIC_LOG_ENV] = "1"  # the MkDocs plugin's log reads it too
    if not args.command:
        parser.print_help()
        return 2
    try:
        problems = config_problems(Path(args.config_file))
        if problems:
            for line in problems:
                print("错误 " + line, file=sys.stderr)
            print("\n网站配置文件有错误，未运行（原有网站未改动）：改正上面列出的问题后重新运行。", file=sys.stderr)
            return 2
        ending.ran(args.command)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder without permission …: one sentence, no traceback
        print(f"\n运行失败：{describe(exc)}。原有网站未改动 — 检查磁盘空间和文件权限后重新运行", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        if os.environ.get("GK_DEBUG"):
            raise
        print(f"\n运行失败（程序内部错误 {type(exc).__name__}），原有网站未改动。请把这条消息和所用命令告知维护人员；设置环境变量 GK_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return 1


if __name__ == "__main__":
    ending.leave(main())
