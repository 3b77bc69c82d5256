"""The CI files run commands that exist: .gitlab-ci.yml and .github/workflows/catalog.yml, read as their runners read them.

Every ``python build.py …`` in a job's script parses with build.py's own argument parser (subcommand and
flags exist), every file a script names is in the repository, and what each job keeps as an artifact is
what its commands write (``--out``, ``--site-dir``, ``site/``). The merge-request note script is run
against a local stand-in for the GitLab notes API: it posts once, then updates the same note.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

import build
from plugins.cli import settings
from plugins.core.outputs import buildcache

ROOT = Path(__file__).resolve().parent.parent
GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github/workflows/catalog.yml"
GITLAB_KEYWORDS = {"stages", "default", "variables", "workflow", "include", "image", "services", "cache", "before_script", "after_script"}
SEPARATORS = {";", "&&", "||", "|", "(", ")", "then", "do", "else", "fi", "done", "&"}
EXPOSE_AS = re.compile(r"\A\w([- \w]*\w)?\Z", re.ASCII)
"""GitLab's rule for ``artifacts:expose_as``: letters, digits, _, - and spaces (ASCII)."""


def gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def github() -> dict:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


def gitlab_jobs() -> dict[str, dict]:
    return {name: job for name, job in gitlab().items() if name not in GITLAB_KEYWORDS and not name.startswith(".")}


def gitlab_script(name: str) -> list[str]:
    """What a job runs, in order: the default before_script, then its script."""
    config, job = gitlab(), gitlab_jobs()[name]
    before = job.get("before_script", config.get("default", {}).get("before_script", []))
    return [*before, *job["script"]]


def github_script(job: str) -> list[str]:
    return [step["run"] for step in github()["jobs"][job]["steps"] if "run" in step]


def commands(script: list[str], program: tuple[str, ...]) -> list[list[str]]:
    """Each simple command of the shell lines that starts with ``program`` (e.g. python build.py), as argv."""
    found = []
    for item in script:
        for line in item.splitlines():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
            for i in range(len(tokens)):
                if tuple(tokens[i : i + len(program)]) == program and (i == 0 or tokens[i - 1] in SEPARATORS | {"if", "!"}):
                    argv = []
                    for token in tokens[i + len(program) :]:
                        if token in SEPARATORS or token.startswith((">", "<")):
                            break
                        argv.append(token)
                    found.append(argv)
    return found


def parse(argv: list[str]):
    """build.py's parser on ``argv``: the Namespace, or the test fails with the parser's own message."""
    try:
        return build._parser().parse_args(argv)
    except SystemExit as exc:  # argparse reports an unknown subcommand or flag this way
        pytest.fail(f"python build.py {' '.join(argv)}: not accepted by build.py's parser (exit {exc.code})")


def written(argvs: list[list[str]]) -> set[str]:
    """Folders the build.py commands write: the site of ``build`` and the report folder of ``review --out``."""
    out = set()
    for argv in argvs:
        args = parse(argv)
        if args.command == "build":
            out.add((args.site_dir or "site").rstrip("/") + "/")
        if args.command == "review" and args.out:
            out.add(args.out.rstrip("/") + "/")
    return out


def test_gitlab_ci_runs_every_stage_the_github_workflow_runs():
    jobs = gitlab_jobs()
    stages = gitlab()["stages"]
    assert set(jobs) == {"preview", "review", "check", "pages"}
    for name, job in jobs.items():
        assert job["stage"] in stages, name
    subcommands = {name: [argv[0] for argv in commands(gitlab_script(name), ("python", "build.py"))] for name in jobs}
    assert subcommands == {"preview": ["build"], "review": ["review", "review"], "check": ["check"], "pages": ["check", "build"]}
    github_subcommands = sorted(argv[0] for job in github()["jobs"] for argv in commands(github_script(job), ("python", "build.py")))
    assert sorted(sum(subcommands.values(), [])) == github_subcommands  # the same commands, run once each on either host


@pytest.mark.parametrize("host", ["gitlab", "github"])
def test_every_build_py_command_in_ci_parses_with_the_cli(host):
    scripts = [gitlab_script(name) for name in gitlab_jobs()] if host == "gitlab" else [github_script(job) for job in github()["jobs"]]
    argvs = [argv for script in scripts for argv in commands(script, ("python", "build.py"))]
    assert len(argvs) >= 6
    for argv in argvs:
        args = parse(argv)
        if args.command == "review":
            assert args.base and args.base.startswith("$"), argv  # the merge request's base, from the runner
            assert args.preview_url == "site/", argv
        if args.command == "build":
            assert args.write_index_no is not None, argv  # never left to the branch guess in CI
        if args.command == "check" and host == "gitlab" and args.base:
            assert args.base == "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"


@pytest.mark.parametrize("host", ["gitlab", "github"])
def test_scripts_name_files_that_exist_and_install_from_the_project(host):
    scripts = [gitlab_script(name) for name in gitlab_jobs()] if host == "gitlab" else [github_script(job) for job in github()["jobs"]]
    installs = [argv for script in scripts for argv in commands(script, ("python", "-m", "pip"))]
    assert installs and all(argv[:1] == ["install"] and "-c" in argv and "-e" in argv for argv in installs)
    for argv in installs:
        assert (ROOT / argv[argv.index("-c") + 1]).is_file() and (ROOT / argv[argv.index("-e") + 1] / "pyproject.toml").is_file()
    for script in scripts:
        for argv in commands(script, ("python",)):
            if argv and argv[0].endswith(".py"):
                assert (ROOT / argv[0]).is_file(), argv


@pytest.mark.parametrize("name", ["preview", "review", "check", "pages"])
def test_gitlab_script_is_valid_shell(name):
    script = "\n".join(gitlab_script(name))
    done = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_gitlab_artifacts_are_what_the_jobs_write():
    jobs = gitlab_jobs()
    for name, job in jobs.items():
        made = written(commands(gitlab_script(name), ("python", "build.py")))
        kept = set(job.get("artifacts", {}).get("paths", []))
        assert kept <= made, f"{name} keeps {kept - made}, which no command writes"
        assert made <= kept, f"{name} writes {made - kept} and does not keep it"
        expose = job.get("artifacts", {}).get("expose_as")
        if expose:
            assert EXPOSE_AS.match(expose), expose
            assert all(p.endswith("/") and not p.startswith("./") and "*" not in p and "$" not in p for p in kept)
    assert jobs["pages"]["artifacts"]["paths"] == ["public/"]  # the folder GitLab Pages publishes
    review = jobs["review"]
    assert review["artifacts"]["access"] == "developer" and review["artifacts"]["when"] == "always"  # the full report: reviewers only
    assert review["needs"] == [{"job": "preview", "artifacts": True}]  # --preview-url site/ is the preview job's site
    assert any("cp -r site review-full/site" in line for line in review["script"])
    assert [r.get("when") for r in review["rules"]] == ["always"]  # a report even when the preview could not be built


def test_gitlab_jobs_run_where_they_should():
    jobs = gitlab_jobs()
    mr = '$CI_PIPELINE_SOURCE == "merge_request_event"'
    for name in ("preview", "review", "check"):
        assert [r["if"] for r in jobs[name]["rules"]] == [mr], name
    assert [r["if"] for r in jobs["pages"]["rules"]] == ['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"']
    assert "INDEX_NO_PUSH_TOKEN" in "\n".join(jobs["pages"]["script"]) and "[skip ci]" in "\n".join(jobs["pages"]["script"])
    assert str(gitlab()["variables"]["GIT_DEPTH"]) == "0"
    assert not any("REVIEW_NOTE_TOKEN" in line for line in gitlab_script("pages"))  # the note token is only for the note


def test_github_artifacts_are_what_the_jobs_write():
    for name, job in github()["jobs"].items():
        made = written(commands(github_script(name), ("python", "build.py")))
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith(("actions/upload-artifact", "actions/upload-pages-artifact")):
                path = step["with"]["path"]
                assert path in made, f"{name}: uploads {path}, which no command writes ({made})"


def _page_cache() -> str:
    """Where ``python build.py build`` keeps its build cache for the project's mkdocs.yml: <cache_dir>/gk-catalog/pages."""
    cache_dir = settings._cache_dir(ROOT / "mkdocs.yml")
    assert cache_dir is not None  # the project builds with the cache on
    return (cache_dir / buildcache.FOLDER).as_posix()


def test_gitlab_publish_job_keeps_the_build_cache_and_only_it():
    folder = _page_cache()
    jobs = gitlab_jobs()
    caches = jobs["pages"]["cache"]
    assert isinstance(caches, list) and len(caches) <= 4  # GitLab takes up to four caches a job
    assert gitlab()["default"]["cache"] in caches  # the job's own list replaces the default one: pip's is kept
    pages = [c for c in caches if [p.rstrip("/") for p in c["paths"]] == [folder]]
    assert len(pages) == 1 and "$CI_DEFAULT_BRANCH" in pages[0]["key"]  # one cache the default branch's runs pass on
    paths = {p.rstrip("/") for c in caches for p in c["paths"]}
    assert paths == {folder, ".cache/pip"}  # never all of .cache/gk-catalog: the parse cache holds entry files' text
    for name, job in jobs.items():
        if name != "pages":
            assert folder not in json.dumps(job.get("cache", {})), f"{name} must not read or write the build cache"
    assert jobs["pages"]["resource_group"]  # runs one after another: each finds the cache the last one left


def test_github_publish_job_restores_the_build_cache_before_building():
    folder = _page_cache()
    steps = github()["jobs"]["index-no"]["steps"]
    cache = [i for i, step in enumerate(steps) if str(step.get("uses", "")).startswith("actions/cache@")]
    builds = [i for i, step in enumerate(steps) if "build.py build" in step.get("run", "")]
    assert len(cache) == 1 and builds and cache[0] < builds[0]
    options = steps[cache[0]]["with"]
    assert options["path"] == folder  # only the pages of the published site
    restore = [line.strip() for line in options["restore-keys"].splitlines() if line.strip()]
    assert restore and all(options["key"].startswith(prefix) and options["key"] != prefix for prefix in restore)  # a new key each run, the latest restored
    assert "github.run_id" in options["key"] or "github.sha" in options["key"]
    for name, job in github()["jobs"].items():
        if name != "index-no":
            assert not any(str(step.get("uses", "")).startswith("actions/cache@") for step in job.get("steps", [])), name


def test_docs_describe_the_real_ci_files():
    """docs/review.md and docs/deploy.md point at .gitlab-ci.yml rather than showing a different copy of it."""
    for doc in ("docs/review.md", "docs/deploy.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "`.gitlab-ci.yml`" in text, doc
        for block in re.findall(r"```ya?ml\n(.*?)```", text, re.S):
            assert "CI_" not in block and "stages:" not in block, f"{doc} shows its own GitLab CI YAML"
    review = (ROOT / "docs/review.md").read_text(encoding="utf-8")
    for name in gitlab_jobs():
        assert f"`{name}`" in review, f"docs/review.md does not name the job {name}"


class NotesApi(BaseHTTPRequestHandler):
    """The GitLab notes API of one merge request, in memory."""

    notes: list[dict] = []
    calls: list[tuple[str, str, str]] = []

    def _answer(self, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's names)
        self.calls.append(("GET", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        query = parse_qs(urlsplit(self.path).query)
        size, page = int(query["per_page"][0]), int(query.get("page", ["1"])[0])
        self._answer(self.notes[(page - 1) * size : page * size])

    def _body(self) -> str:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))["body"]

    def do_POST(self):  # noqa: N802
        self.calls.append(("POST", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        self.notes.append({"id": 1000 + len(self.notes), "body": self._body()})
        self._answer(self.notes[-1])

    def do_PUT(self):  # noqa: N802
        self.calls.append(("PUT", self.path, self.headers.get("PRIVATE-TOKEN", "")))
        note_id = int(self.path.rsplit("/", 1)[1])
        note = next(n for n in self.notes if n["id"] == note_id)
        note["body"] = self._body()
        self._answer(note)

    def log_message(self, *args):
        pass


def test_review_note_posts_once_then_updates_the_same_note(tmp_path):
    NotesApi.notes = [{"id": -i, "body": f"第{i}条讨论"} for i in range(150)]  # a long discussion: two pages of notes
    NotesApi.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotesApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4", "CI_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_IID": "5", "REVIEW_NOTE_TOKEN": "tok", "PATH": "/usr/bin:/bin",
    }
    report = tmp_path / "review.md"
    try:
        for text in ("<!-- gk-catalog-review -->\n第一次", "<!-- gk-catalog-review -->\n第二次"):
            report.write_text(text, encoding="utf-8")
            done = subprocess.run([sys.executable, str(ROOT / ".gitlab/review_note.py"), str(report)], env=env, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
    assert [n["body"] for n in NotesApi.notes[150:]] == ["<!-- gk-catalog-review -->\n第二次"] and len(NotesApi.notes) == 151
    assert [c[0] for c in NotesApi.calls] == ["GET", "GET", "POST", "GET", "GET", "PUT"]
    assert all(c[1].startswith("/api/v4/projects/42/merge_requests/5/notes") and c[2] == "tok" for c in NotesApi.calls)


def test_review_note_unreachable_api_is_one_chinese_sentence(tmp_path):
    report = tmp_path / "review.md"
    report.write_text("<!-- gk-catalog-review -->\n摘要", encoding="utf-8")
    env = {"CI_API_V4_URL": "http://127.0.0.1:9/api/v4", "CI_PROJECT_ID": "1", "CI_MERGE_REQUEST_IID": "1", "REVIEW_NOTE_TOKEN": "t", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(ROOT / ".gitlab/review_note.py"), str(report)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "审查摘要评论没有发表" in done.stderr


def test_the_review_note_marker_is_the_reports_own_on_gitlab_and_on_github():
    """The GitLab script (standard library only) and the GitHub workflow (JavaScript) find the note they posted
    by the marker the public summary starts with: three spellings of one string, kept equal here."""
    from plugins.core.review.report import MARKER

    script = (ROOT / ".gitlab/review_note.py").read_text(encoding="utf-8")
    assert f'MARKER = "{MARKER}"' in script
    assert f"const marker = '{MARKER}';" in GITHUB.read_text(encoding="utf-8")
