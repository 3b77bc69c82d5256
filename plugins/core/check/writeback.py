"""Writing an assigned 索引号 into the editor's file: one line added, verified by parsing again, replaced atomically.

Refused (with the line to add by hand) whenever the file's layout makes an edit unsafe.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load import yamlpos
from ..problems.diagnostics import Diagnostic
from ..load.model import Catalog, Entry
from ..load.oserrors import OS_REASONS
from .indexno import LABEL, LOCK_NAME, _number, _number_in_file, _prefix, is_markdown, locked, next_serials



def _reason(exc: OSError) -> str:
    """An OS error's reason in Chinese (the system's own words after it)."""
    reason = OS_REASONS.get(exc.errno or 0)
    return f"{reason}（{exc.strerror}）" if reason else str(exc.strerror or exc)


class WriteBackError(Exception):
    """Why a number can't be written into a file: a Chinese message and fix, at a line of the file."""

    def __init__(self, what: str, fix: str, line: int = 1, column: int = 1, code: str = "index-no-write-back") -> None:
        super().__init__(what)
        self.what, self.fix, self.line, self.column, self.code = what, fix, line, column, code


_BY_HAND = "或在这一行后面手工加一行 index_no: {number}（顶格，与 title 对齐）"
_BLOCK_FIX = "把元数据改成每行一个“键: 值”的写法（参照 python build.py new 生成的模板）"


@dataclass
class Plan:
    """Where and what to insert (or replace) in a file's text to give it ``index_no``."""

    start: int
    end: int
    """Character offsets in the decoded text (without BOM); ``start == end`` for an insertion."""
    new: str


def _newline(text: str) -> str:
    """The file's own line ending: that of its first line (LF when it has a single line)."""
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"


def _line_after(text: str, pos: int) -> int | None:
    """Offset just after the line break that ends the line holding ``pos``; None at the end of the text."""
    match = re.compile(r"\r\n|\r|\n").search(text, pos)
    return match.end() if match else None


def plan(text: str, number: str, *, markdown: bool) -> Plan:
    """Where ``index_no: number`` goes (the first of ``plans``)."""
    return plans(text, number, markdown=markdown)[0]


def plans(text: str, number: str, *, markdown: bool) -> list[Plan]:
    """Where ``index_no: number`` may go, best first: right after the title's value, after the last top-level item.

    Works on the YAML parse (node marks), not on lines, so quoted, folded and
    literal titles spanning several lines, comments after a value, keys in any
    order, CRLF or CR endings and a missing final newline are all handled.
    """
    offset = 0
    yaml_text = text
    if markdown:
        match = yamlpos.FRONT_MATTER.match(text)
        if not match:
            raise WriteBackError("Markdown 条目缺少开头的 YAML 元数据块", "在文件第一行写 ---，接着写元数据，再用一行 --- 结束")
        yaml_text, offset = match.group(1), match.start(1)
    try:
        node = yaml.compose(yaml_text, Loader=_COMPOSER)  # the loader's parser (libyaml): the same reading of the file
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise WriteBackError("YAML 格式错误，无法写入索引号", "先改正 python build.py check 指出的问题",
                             (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1) from None
    nl = _newline(text)
    line_offset = text[:offset].count("\n") if offset else 0
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise WriteBackError("元数据不是“键: 值”形式，无法写入索引号", _BLOCK_FIX)
    first_key = node.value[0][0]
    if node.flow_style:
        raise WriteBackError(
            "元数据写在花括号 { } 里（流式写法），程序不能安全地插入索引号",
            _BLOCK_FIX + "；" + _BY_HAND.format(number=number).lstrip("或"),
            first_key.start_mark.line + 1 + line_offset, first_key.start_mark.column + 1,
        )
    indent = " " * first_key.start_mark.column
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "index_no":
            # ``index_no:`` with nothing (or "" / ~) after it: fill in the value instead of adding a second key.
            if not isinstance(value, yaml.ScalarNode):
                raise WriteBackError("index_no 的值不是文字", "删去这一行，由 build.py 重新分配", key.start_mark.line + 1 + line_offset, key.start_mark.column + 1)
            start, end = value.start_mark.index, value.end_mark.index
            if start == end:  # empty plain scalar: right after the colon
                colon = yaml_text.find(":", key.end_mark.index)
                if colon < 0:  # "? index_no" without a value
                    raise WriteBackError("index_no 的写法无法识别", "删去这一行，由 build.py 重新分配", key.start_mark.line + 1 + line_offset, key.start_mark.column + 1)
                return [Plan(offset + colon + 1, offset + colon + 1, " " + number)]
            return [Plan(offset + start, offset + end, number)]
    line = f"{indent}index_no: {number}"
    found: list[Plan] = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "title":
            found.append(_after(yaml_text, offset, key, value, line, nl))
            break
    key, value = node.value[-1]
    found.append(_after(yaml_text, offset, key, value, line, nl))
    # last resort (e.g. a literal block ending the file without a line break): before the first key
    start = first_key.start_mark.index
    line_start = max(yaml_text.rfind("\n", 0, start), yaml_text.rfind("\r", 0, start)) + 1
    if not yaml_text[line_start:start].strip(" "):
        found.append(Plan(offset + line_start, offset + line_start, line + nl))
    return found


def _after(yaml_text: str, offset: int, key: yaml.Node, value: yaml.Node, line: str, nl: str) -> Plan:
    """Insert ``line`` as the next line after ``value`` (the value of ``key``) ends."""
    end = value.end_mark
    if value.start_mark.index < key.end_mark.index:  # an alias (*a): the node's marks are those of its anchor
        end = key.end_mark
    elif end.column == 0 and end.index > 0 and yaml_text[end.index - 1] in "\r\n":  # block scalars end at a line start
        return Plan(offset + end.index, offset + end.index, line + nl)
    pos = _line_after(yaml_text, end.index)
    if pos is None:  # the value ends the file, which has no final line break
        return Plan(offset + len(yaml_text), offset + len(yaml_text), nl + line)
    return Plan(offset + pos, offset + pos, line + nl)


BOM = b"\xef\xbb\xbf"
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""Both count mark indexes in characters (libyaml's too, not bytes)."""


def write_number(path: Path, number: str, rel: str = "") -> bool:
    """Put ``index_no: number`` into the file at ``path``; False when it already has a 索引号.

    Raises WriteBackError, with the file untouched, when the number can't be put
    in safely. Call it under ``locked``.
    """
    rel = rel or path.name
    markdown = is_markdown(path.name)
    _refuse_path(path, number)
    try:
        raw = path.read_bytes()
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError as exc:
        raise WriteBackError(f"无法读取文件：{_reason(exc)}", "检查文件权限", code="index-no-write-failed") from None
    bom = BOM if raw.startswith(BOM) else b""
    try:
        text = raw[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        raise WriteBackError("文件不是 UTF-8 编码，无法写入索引号", "用编辑器“另存为 UTF-8”后重新提交") from None
    before, problems = yamlpos.parse(text, rel, markdown=markdown)
    if before is None or problems or not isinstance(before.data, dict):
        raise WriteBackError("文件有格式问题，无法写入索引号", "先改正 python build.py check 指出的问题")
    current = before.data.get("index_no")
    if isinstance(current, str) and current.strip():
        return False  # another run wrote it meanwhile
    new_text = _verified(text, number, rel, markdown, before)
    _replace_atomically(path, bom + new_text.encode("utf-8"), mode)
    return True


def _refuse_path(path: Path, number: str) -> None:
    """A file the write-back must leave alone: a link (the rename would replace it), a read-only file (it would get past the mark)."""
    if path.is_symlink():
        raise WriteBackError("条目文件是符号链接，程序不写入链接指向的文件", "把链接换成实际文件，" + _BY_HAND.format(number=number).lstrip("或"))
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise WriteBackError("条目文件设为只读，程序不改动它", "去掉只读属性（chmod u+w 文件，或在 Windows 文件属性中取消“只读”）后重新构建，" + _BY_HAND.format(number=number).lstrip("或"),
                             code="index-no-write-failed")


def _verified(text: str, number: str, rel: str, markdown: bool, before: yamlpos.Document) -> str:
    """The text with the number put in at the first place where re-reading it gives the same data plus index_no."""
    expected = {**before.data, "index_no": number}
    candidates = plans(text, number, markdown=markdown)
    for change in candidates:
        new_text = text[: change.start] + change.new + text[change.end:]
        after, problems = yamlpos.parse(new_text, rel, markdown=markdown)
        if after is not None and not problems and after.data == expected and after.body == before.body:
            return new_text
    line = text[: candidates[0].start].count("\n") + 1
    raise WriteBackError(
        "程序无法在不改变其他内容的前提下写入索引号（文件未改动）",
        _BLOCK_FIX + "；" + _BY_HAND.format(number=number).lstrip("或"), line,
    )


def _replace_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a hidden temporary file beside ``path``, fsync it, then rename it over ``path``."""
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteBackError(f"无法在文件所在文件夹写入临时文件：{_reason(exc)}", "检查文件夹的写权限和磁盘空间", code="index-no-write-failed") from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteBackError(f"写入文件失败（原文件未改动）：{_reason(exc)}", "检查文件夹的写权限和磁盘空间后重新构建", code="index-no-write-failed") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError, AttributeError):  # the rename itself survives a power cut
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _diagnostic(entry: Entry, error: WriteBackError) -> Diagnostic:
    return Diagnostic(entry.source, error.line, error.column, error.code, error.what, error.fix, field="index_no", label=LABEL)


def write_numbers(catalog: Catalog, catalog_dir: Path, pending: list[Entry]) -> tuple[list[Entry], list[Diagnostic]]:
    """Give each entry of ``pending`` (preview-numbered by ``assign``) a number of its own and write it.

    Under the catalog lock: a file that gained a 索引号 since it was read keeps
    that one; serials continue from the highest in the catalog or in the
    lock's ledger, whichever is higher. Returns the entries written and the
    problems (a file that could not be written keeps its preview number).
    """
    written: list[Entry] = []
    problems: list[Diagnostic] = []
    if not pending:
        return written, problems
    root = catalog.root
    stack = contextlib.ExitStack()
    try:
        ledger = stack.enter_context(locked(catalog_dir))
    except OSError as exc:
        rel = (Path(catalog_dir) / LOCK_NAME).as_posix()
        with contextlib.suppress(ValueError):
            rel = (Path(catalog_dir) / LOCK_NAME).resolve().relative_to(Path(root).resolve()).as_posix()
        return written, [Diagnostic(rel, 0, 0, "index-no-lock", f"无法建立索引号锁文件：{_reason(exc)}", "检查 catalog 文件夹的写权限；或用 python build.py build --no-write-index-no 只生成预览")]
    try:
        waiting = {id(e) for e in pending}
        for entry in pending:  # numbers another build wrote while this one was checking
            gained = _number_in_file(Path(root) / entry.source)
            if gained:
                entry.meta = entry.meta.model_copy(update={"index_no": gained})
                entry.index_no_preview = False
                waiting.discard(id(entry))
        highest = next_serials(catalog, skip=waiting)
        for name, serial in ledger.items():
            head, _, year = name.rpartition("/")
            if year.isdigit():
                highest[(head, int(year))] = max(highest[(head, int(year))], serial)
        for entry in pending:
            if id(entry) not in waiting:
                continue
            prefix = _prefix(catalog, entry)
            if prefix is None or entry.year is None:
                continue
            key = (prefix, entry.year)
            number = _number(prefix, entry.year, highest[key] + 1)
            try:
                if not write_number(Path(root) / entry.source, number, entry.source):
                    continue
            except WriteBackError as error:
                problems.append(_diagnostic(entry, error))
                continue
            highest[key] += 1
            ledger[f"{prefix}/{entry.year}"] = highest[key]
            entry.meta = entry.meta.model_copy(update={"index_no": number})
            entry.index_no_preview = False
            written.append(entry)
    finally:
        stack.close()  # saves the ledger (what was written so far), then unlocks
    return written, problems


_FLOW_START = re.compile(r"\A(?:\ufeff)?(?:(?:[ \t]*(?:#[^\r\n]*)?|%[^\r\n]*|---[ \t]*)(?:\r\n|\r|\n))*[ \t]*(?:---[ \t]+)?[{\[]")
"""A file whose metadata opens with ``{`` or ``[`` after blank, comment, directive and ``---`` lines."""


def check_writable(entry: Entry, root: Path, *, thorough: bool = True) -> Diagnostic | None:
    """Would ``write_numbers`` be able to write this (preview-numbered) entry's file? For ``check`` on a branch.

    ``thorough=False`` (past the first thousand such entries: a catalog imported without
    numbers) only looks for a flow mapping, without parsing the file twice.
    """
    path = Path(root) / entry.source
    try:
        raw = path.read_bytes()
        text = raw[len(BOM):].decode("utf-8") if raw.startswith(BOM) else raw.decode("utf-8")
        markdown = is_markdown(path.name)
        if thorough:
            _refuse_path(path, entry.index_no or "")
        else:
            if path.is_symlink() or _FLOW_START.match(text):
                plan(text, entry.index_no or "", markdown=markdown)  # raises with the located message
            return None
        before, found = yamlpos.parse(text, entry.source, markdown=markdown)
        if before is None or found or not isinstance(before.data, dict):
            return None  # reported by the loader
        _verified(text, entry.index_no or "", entry.source, markdown, before)
    except WriteBackError as error:
        return _diagnostic(entry, error)
    except (OSError, UnicodeDecodeError):
        return None  # reported by the loader
    return None
