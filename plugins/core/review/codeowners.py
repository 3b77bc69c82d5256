"""Who must approve a file, read from the repository's CODEOWNERS (GitHub or GitLab).

The review report shows it per entry, so a reviewer sees at once when an
entry of one organ would be approved by another organ's reviewers
(谁公开谁审查). No MkDocs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

LOCATIONS = (".github/CODEOWNERS", ".gitlab/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
"""Where GitHub and GitLab look, in their order."""
_SECTION = re.compile(r"^\^?\[(?P<name>[^\]]+)\](?:\[\d+\])?\s*(?P<owners>.*)$")


@dataclass
class Section:
    name: str
    default: list[str] = field(default_factory=list)
    rules: list[tuple[str, pathspec.GitIgnoreSpec, list[str]]] = field(default_factory=list)


@dataclass
class CodeOwners:
    source: str
    sections: list[Section]

    def owners(self, path: str) -> list[str]:
        """``["初审: @a @b", …]`` per section (GitHub has one unnamed section); the last match wins."""
        found = []
        for section in self.sections:
            match = next(((owners or section.default) for _, spec, owners in reversed(section.rules) if spec.match_file(path)), None)
            if match:
                found.append(f"{section.name}：{' '.join(match)}" if section.name else " ".join(match))
        return found

    def mentions(self, word: str) -> bool:
        return any(word in pattern for section in self.sections for pattern, _, _ in section.rules)


def load(repo: Path) -> CodeOwners | None:
    for location in LOCATIONS:
        path = repo / location
        if path.is_file():
            return parse(path.read_text(encoding="utf-8", errors="replace"), location)
    return None


def parse(text: str, source: str = "CODEOWNERS") -> CodeOwners:
    sections = [Section("")]
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        header = _SECTION.match(line)
        if header:
            sections.append(Section(header["name"].strip(), header["owners"].split()))
            continue
        pattern, *owners = line.split()
        try:
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
        except (ValueError, TypeError):
            continue  # GitHub ignores a line it cannot read; so do we
        sections[-1].rules.append((pattern, spec, owners))
    return CodeOwners(source, [s for s in sections if s.rules])
