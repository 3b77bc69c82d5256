"""docs/problem-codes.md, made from the catalog: one table per section under a stable anchor (``build.py codes``)."""

from __future__ import annotations

from pathlib import Path

from .code import Section

DOC = Path(__file__).resolve().parents[4] / "docs" / "problem-codes.md"
COMMAND = "python build.py codes --write"

HEADER = f"""# 问题代码一览

<!-- 本页由 `{COMMAND}` 从 plugins/core/problems/codes/ 和 plugins/core/kinds/<类别>/codes.py 的表格生成，不要手改：改表格后重新生成。 -->

`python build.py check`（以及 `build`、`serve`、`review`）报告的每个问题都以
`文件:行:列: 键(中文标签): 问题 — 改法 [代码]` 的形式给出。代码固定不变，便于查找和统计。
“错误”会阻止发布；“警告”提醒人工核对，不阻止发布（`python build.py check --strict` 把警告也当作错误）。
级别写“错误/警告”的代码，按情况是错误或警告（含义一栏说明哪种情况是哪一种）。

“可调整”一栏打 ✓ 的警告，办公室可以在 `mkdocs.yml` 中把它升为错误或不再报告，见[调整警告](#validation)；
防火墙、检测器、负面清单、白名单、私有文件夹和文件读取的问题不能调整。

“可登记原文如此”一栏打 ✓ 的问题是原件内容的问题（报表数字、文号和日期的原件写法、正文与报表不一致）：原件确是这样印发的，
经人核实后用 `python build.py asissued` 登记，照原样公开，页面注明“原文如此”，见 [as-issued.md](as-issued.md)。

本页由程序从代码表生成（在项目文件夹中运行 `{COMMAND}`），测试保证两者一致。
"""

VALIDATION = """<a id="validation"></a>
## 调整警告：`mkdocs.yml` 的 `validation`

各地的规定和习惯不同：有的办公室要求某条警告必须改正才能发布，有的认为某条警告不适用于本单位。
在 `mkdocs.yml` 的 `gk-catalog` 插件下写 `validation`（`build`、`serve` 和 `python build.py check` 都读取它）：

```yaml
plugins:
  - gk-catalog:
      validation:
        warnings_as_errors: [budget-late]   # 这些警告当作错误：不改正不能发布
        ignore: [validity-missing]          # 这些警告不再报告
```

- 两项都是代码的列表，只能写上表中“可调整”一栏打 ✓ 的代码。
- 写了不存在的代码、不可调整的代码，或在 `ignore` 中写了只会是错误的代码，`check` 和构建都会指出
  `mkdocs.yml` 的哪一行写错（代码 `config-validation`），不会生成网站。
- 级别为“错误/警告”的代码：`ignore` 只去掉它的警告，错误照常报告；`warnings_as_errors` 把它的警告也当作错误。
- `python build.py check --strict` 仍把剩下的全部警告当作错误。
"""


FOOTER = """## 构建时的系统错误

`python build.py build` 和 `mkdocs build` 遇到磁盘已满、输出文件夹无写入权限、`site/` 是一个文件、
附件在复制时无法读取、替换网站文件夹失败等情况时，打印一句中文说明（写明出错的路径和原因）并以状态 1 退出，
不打印 Python 的报错堆栈；原有的 `site/` 保持原样。程序自身出错时只说明错误类型（不打印可能含有内容的
错误信息）；维护人员可设置环境变量 `GK_DEBUG=1` 查看详细信息。
"""


def _row(code_name: str, level: str, adjustable: bool, as_issued: bool, meaning: str, fix: str) -> str:
    return f"| `{code_name}` | {level} | {'✓' if adjustable else ''} | {'✓' if as_issued else ''} | {meaning} | {fix} |"


def _section(section: Section) -> str:
    parts = [f'<a id="{section.id}"></a>', f"## {section.title}", ""]
    if section.intro:
        parts += [section.intro, ""]
    parts += ["| 代码 | 级别 | 可调整 | 可登记原文如此 | 含义 | 改法 |", "| --- | --- | --- | --- | --- | --- |"]
    parts += [_row(c.name, c.level_text, c.may_adjust, c.as_issued, c.meaning, c.fix) for c in section.codes]
    parts.append("")
    if section.outro:
        parts += [section.outro, ""]
    return "\n".join(parts)


def render(sections: tuple[Section, ...], footer: str = FOOTER) -> str:
    """The whole page: header, a table of contents, one table per section, the validation option, the footer."""
    toc = "\n".join(f"- [{s.title}](#{s.id})" for s in sections)
    body = "\n".join(_section(s) for s in sections)
    return f"{HEADER}\n{toc}\n\n{body}\n{VALIDATION}\n{footer.strip()}\n"
