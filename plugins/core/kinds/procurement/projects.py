"""Procurement projects of the public view: notices grouped by 项目编号, and their page paths."""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

from ...load import formats
from ...load.model import Entry
from ...load.schema import stated
from ...pages.site import Site
from ...pages.urls import CATALOG_ROOT
from .rules import _type, by_project
from .model import meta_of


PROJECT_ROOT = f"{CATALOG_ROOT}/procurement"


def project_slug(project_no: str) -> str:
    """A URL-safe, stable name for a 项目编号; a short hash keeps unusual ones unique."""
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", formats.half_width(project_no)).strip("-.")
    if plain == project_no and plain:
        return plain
    digest = hashlib.sha1(project_no.encode("utf-8")).hexdigest()[:8]
    return f"{plain}-{digest}" if plain else digest


def project_src(project_no: str) -> str:
    return f"{PROJECT_ROOT}/project/{project_slug(project_no)}.md"


def projects_src(page: int = 1) -> str:
    return f"{PROJECT_ROOT}/projects/index.md" if page == 1 else f"{PROJECT_ROOT}/projects/{page}.md"


@dataclass
class Project:
    """One procurement project as the public sees it."""

    project_no: str
    notices: list[Entry]
    corrected_by: dict[str, list[Entry]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        for entry in reversed(self.notices):
            name = meta_of(entry).project_name
            if name:
                return name
        return self.notices[-1].meta.title

    def latest(self, key: str) -> Any:
        """The newest notice's value of ``key``; a notice that does not state it (未说明) gives none."""
        for entry in reversed(self.notices):
            value = stated(getattr(entry.meta, key, None))
            if value not in (None, "", []):
                return value
        return None

    @property
    def stage(self) -> str:
        return _type(self.notices[-1])


_PROJECTS: weakref.WeakKeyDictionary[Site, dict[str, Project]] = weakref.WeakKeyDictionary()


def site_projects(site: Site) -> dict[str, Project]:
    """Projects of the public view, computed once per Site."""
    found = _PROJECTS.get(site)
    if found is None:
        found = {}
        for project_no, notices in by_project(site.public.entries).items():
            project = Project(project_no, notices)
            for entry in notices:
                target = site.by_ref.get(meta_of(entry).corrects or "")
                if target is not None:
                    project.corrected_by.setdefault(target.ref, []).append(entry)
            found[project_no] = project
        _PROJECTS[site] = found
    return found


def _purchaser(entry: Entry, site: Site) -> str:
    return meta_of(entry).purchaser or site.organ_name(entry.meta.organ)
