"""The persistent build cache: generated pages a later ``build`` takes instead of rendering them. No MkDocs here.

A build renders each generated page (entry pages, listings) from inputs it
already holds: the page's Markdown, meta and held HTML, plus what every page
reads (settings, theme, nav, code). ``page_key`` folds those into one key. The
cache keeps, per page source, the key it was rendered under and the rendered
file (``<cache_dir>/gk-catalog/pages/files/``); a later build whose key is the
same links that file into its staging folder instead of rendering the page.

Why it can't publish a wrong page:

* A file is named by its key and never rewritten: a key always stands for the
  same bytes. Its size, modification time and SHA-256 are in the manifest; a
  file that is missing or whose bytes changed (a site file written in place
  through a hard link, a damaged CI cache) is rendered again.
* The manifest is replaced atomically and lists only files already complete; a
  build killed while adding files leaves ``incomplete`` behind, and the next
  one first removes every file the manifest does not list.
* An unreadable manifest (another format, truncated) empties the cache.
* Hard links go one way only: from the cache into a fresh staging folder, for
  pages the build does not write; a page the build renders is written first and
  linked into the cache afterwards. Where a link is impossible (another file
  system) the file is copied.

The cache holds only rendered public pages: a page that is gone (a deleted or
withheld entry) loses its file in the next build, before anything is rendered.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..load.oserrors import describe

FORMAT = 1
"""Bumped when the manifest's layout changes: an older manifest then counts as unreadable."""
FOLDER = Path("gk-catalog") / "pages"
"""The page cache inside the plugin's ``cache_dir``."""


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """One hex digest of ``parts``; each is length-prefixed, so no two sequences share a digest."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def tree_parts(folder: Path, skip: Iterable[Path] = ()) -> list[str | bytes]:
    """Every file under ``folder`` (name and bytes), in a fixed order, leaving out the folders in ``skip``.

    Contents, not modification times: a CI checkout gives every file a new time.
    """
    skipped = [p.resolve() for p in skip]
    parts: list[str | bytes] = []
    if not folder.is_dir():
        return [f"absent:{folder}"]
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and (here / d).resolve() not in skipped)
        for name in sorted(filenames):
            path = here / name
            try:
                data = path.read_bytes()
            except OSError:
                data = b"\x00unreadable"
            parts += [path.relative_to(folder).as_posix(), data]
    return parts


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Stored:
    """One cached page as the manifest lists it."""

    key: str
    size: int
    mtime: int
    digest: str


@dataclass
class PageCache:
    """The page cache of one project, for one build.

    ``open`` reads the manifest, ``take`` links a page whose key is unchanged into
    the staging folder, ``forget_others`` drops what this build did not take,
    ``store`` adds a page the build rendered, ``commit`` writes the manifest.
    """

    folder: Path
    site: str
    """The site-wide part of every key (settings, theme, code); kept to say why nothing was reused."""
    old: dict[str, Stored] = field(default_factory=dict)
    new: dict[str, Stored] = field(default_factory=dict)
    why: str = ""
    """Why nothing could be reused (Chinese, for the build's info line); empty when the cache was read."""
    reused: int = 0
    damaged: int = 0
    """Pages whose cached file was missing or changed, rendered again."""
    made: set[str] = field(default_factory=set)
    """Staging folders already made."""
    failed: str = ""
    """Why the cache could not be written (a full disk, a read-only folder): the build goes on without it."""

    @property
    def files(self) -> Path:
        return self.folder / "files"

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest"

    @property
    def incomplete(self) -> Path:
        return self.folder / "incomplete"

    def path_of(self, key: str) -> Path:
        return self.files / key[:2] / key

    def open(self) -> None:
        """Read the manifest; an unreadable one (or files a killed build left) empties or tidies the cache."""
        try:
            data = marshal.loads(self.manifest.read_bytes())
            if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("pages"), dict)):
                raise ValueError("format")
            self.old = {src: Stored(*item) for src, item in data["pages"].items()}
            site = data.get("site")
        except FileNotFoundError:
            self.why = "首次使用，缓存中还没有页面"
            self._empty()
            return
        except (OSError, ValueError, EOFError, TypeError) as exc:
            self.why = "缓存清单无法读取（可能上次构建被中断或缓存已损坏），已清空缓存" if not isinstance(exc, OSError) or exc.errno != errno.EACCES else "缓存清单无法读取（没有读取权限），已清空缓存"
            self.old = {}
            self._empty()
            return
        if site != self.site:
            self.why = "网站设置、模板、导航或程序有变动"
        if self.incomplete.exists():  # a build was killed while adding files: keep only what the manifest lists
            try:
                self._tidy()
            except OSError as exc:
                self._fail(exc)

    def _empty(self) -> None:
        shutil.rmtree(self.files, ignore_errors=True)
        try:
            self.incomplete.unlink(missing_ok=True)
        except OSError as exc:
            self._fail(exc)

    def _tidy(self) -> None:
        listed = {item.key for item in self.old.values()}
        for folder in self.files.glob("*") if self.files.is_dir() else ():
            for path in folder.iterdir():
                if path.name not in listed:
                    path.unlink(missing_ok=True)
        self.incomplete.unlink(missing_ok=True)

    def take(self, src: str, key: str, dest: Path) -> bool:
        """Link the page cached under ``key`` to ``dest`` (in the staging folder); False: render it."""
        stored = self.old.get(src)
        if stored is None or stored.key != key:
            return False
        cached = self.path_of(key)
        try:
            stat = cached.stat()
            if stat.st_size != stored.size:
                raise ValueError("size")
            mtime = stat.st_mtime_ns
            if mtime != stored.mtime and file_digest(cached) != stored.digest:  # restored by CI with other times: the bytes decide
                raise ValueError("content")
            self._mkdir(dest.parent)
            _link_or_copy(cached, dest)
        except (OSError, ValueError):
            self.damaged += 1
            return False
        self.new[src] = Stored(key, stored.size, mtime, stored.digest)
        self.reused += 1
        return True

    def forget_others(self) -> None:
        """Delete every cached page this build did not take (gone, withheld, changed), before anything is rendered.

        Then the manifest lists what is left, and ``incomplete`` marks that files are being added.
        """
        kept = {item.key for item in self.new.values()}
        try:
            removed = False
            for item in self.old.values():
                if item.key not in kept:
                    self.path_of(item.key).unlink(missing_ok=True)
                    removed = True
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder.parent / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            if removed or self.why:
                self._write_manifest()
            self.incomplete.write_bytes(b"")
        except OSError as exc:
            self._fail(exc)

    def store(self, src: str, key: str, written: Path) -> None:
        """Keep the page the build just wrote at ``written`` (never linked into the staging folder from here)."""
        if self.failed:
            return
        target = self.path_of(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f"{key}.{os.getpid()}.tmp")
            temp.unlink(missing_ok=True)
            _link_or_copy(written, temp)
            os.replace(temp, target)
            stat = target.stat()
            self.new[src] = Stored(key, stat.st_size, stat.st_mtime_ns, file_digest(target))
        except OSError as exc:
            self._fail(exc)

    def commit(self) -> None:
        if self.failed:
            return
        try:
            self._write_manifest()
            self.incomplete.unlink(missing_ok=True)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        """A cache that can't be written only costs time: the next build renders what this one could not keep."""
        self.failed = describe(exc, "写入构建缓存")

    def _write_manifest(self) -> None:
        data = marshal.dumps({"format": FORMAT, "site": self.site, "pages": {src: (s.key, s.size, s.mtime, s.digest) for src, s in self.new.items()}})
        temp = self.manifest.with_name(f"manifest.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, self.manifest)

    def _mkdir(self, folder: Path) -> None:
        text = str(folder)
        if text not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.add(text)

    def summary(self, rendered: int) -> str:
        """The build's one info line about the cache."""
        line = f"构建缓存：重用 {self.reused:,} 页，重新生成 {rendered:,} 页"
        notes = [self.why] if self.why else []
        if self.damaged:
            notes.append(f"{self.damaged:,} 页的缓存文件缺失或已改动，已重新生成")
        if self.failed:
            notes.append(f"{self.failed}，下次构建不能重用本次生成的页面 — 检查缓存文件夹的磁盘空间和写入权限")
        return line + (f"（{'；'.join(notes)}）" if notes else "")


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link (no bytes copied); a copy where the file system can't link."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        shutil.copyfile(source, target)
