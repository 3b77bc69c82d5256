"""Post or update the review summary as a note on the GitLab merge request (.gitlab-ci.yml, job ``review``).

Only the public summary (``review --public-comment``) is ever posted: notes reach everyone who follows
the merge request. One note, found again by its marker, is updated on every push instead of adding another.
Standard library only: it runs before or without the project's dependencies.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

MARKER = "<!-- gk-catalog-review -->"


def main(path: str) -> int:
    env = os.environ
    api = f"{env['CI_API_V4_URL']}/projects/{env['CI_PROJECT_ID']}/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes"
    headers = {"PRIVATE-TOKEN": env["REVIEW_NOTE_TOKEN"], "Content-Type": "application/json"}
    with open(path, encoding="utf-8") as file:
        body = file.read()
    try:
        mine = _find(api, headers)
        url, method = (f"{api}/{mine['id']}", "PUT") if mine else (api, "POST")
        request = urllib.request.Request(url, json.dumps({"body": body}).encode(), headers, method=method)
        with urllib.request.urlopen(request, timeout=30):
            pass
    except (urllib.error.URLError, OSError, ValueError) as exc:  # the report stays in the artifact; say why the note is missing
        print(f"审查摘要评论没有发表：{exc}（检查 REVIEW_NOTE_TOKEN 的角色和权限，见 docs/review.md）", file=sys.stderr)
        return 0
    print("审查摘要评论已" + ("更新。" if mine else "发表。"))
    return 0


def _find(api: str, headers: dict[str, str]) -> dict | None:
    """The note posted before, looked for page by page (a long discussion has more than one page of notes)."""
    for page in range(1, 101):
        with urllib.request.urlopen(urllib.request.Request(f"{api}?per_page=100&sort=asc&page={page}", headers=headers), timeout=30) as answer:
            notes = json.load(answer)
        mine = next((note for note in notes if str(note.get("body", "")).startswith(MARKER)), None)
        if mine is not None or len(notes) < 100:
            return mine
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
