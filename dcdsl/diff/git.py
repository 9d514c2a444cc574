"""`--base REV`: the old version of a design and the files it imports, read from git.

``--base REV`` takes the old version from git: ``git show REV:./FILE`` (run as an argument list,
never through a shell) for the design and, recursively, for the relative files it imports, into
a temporary folder; ``std/…`` imports come from the installed package. A file that does not
exist at REV is a new design: everything in it is "added".
"""

from __future__ import annotations

import posixpath
import subprocess
from pathlib import Path

from dcdsl import limits
from dcdsl.diagnostics import DcError, error
from dcdsl.diff.errors import DiffError

GIT_TIMEOUT_S = 60


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=GIT_TIMEOUT_S
        )
    except FileNotFoundError:
        raise DiffError(
            error(
                "DC-DIFF-002",
                "`--base` needs git, and git is not installed",
                help="install git, or pass OLD and NEW files",
            )
        ) from None
    except subprocess.TimeoutExpired:
        raise DiffError(
            error("DC-DIFF-002", f"git {args[0]} took longer than {GIT_TIMEOUT_S} s")
        ) from None


def _git_file(rev: str, relative: str, folder: Path) -> str | None:
    """The text of ``folder/relative`` at ``rev``; None when the file does not exist there.
    Its size is asked first: a file over the `file_size` budget is never read."""
    sized = _git(["cat-file", "-s", f"{rev}:./{relative}"], folder)
    if sized.returncode != 0:
        return None
    size = int(sized.stdout.strip() or 0)
    if limits.over("file_size", size):
        raise DiffError(limits.file_too_large(f"{relative} at {rev}", size))
    done = _git(["show", f"{rev}:./{relative}"], folder)
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise DiffError(
            error(
                "DC-DIFF-004",
                f"{relative} at {rev} is not UTF-8 text",
                help="dcdsl files are UTF-8",
            )
        ) from None


def _relative_imports(text: str, path: str) -> list[str]:
    from dcdsl.syntax import tree as t
    from dcdsl.syntax.parse import parse

    try:
        module = parse(text, path)
    except DcError:
        return []  # compiling it reports the syntax error
    return [
        s.path
        for s in module.statements
        if isinstance(s, t.Import) and not s.path.startswith("std/")
    ]


def old_from_git(rev: str, path: Path, workdir: Path) -> Path | None:
    """Write the design at ``rev`` and the relative files it imports below ``workdir``; return the
    design's path there, or None if the design does not exist at ``rev``."""
    if rev.startswith("-") or not rev.strip():
        raise DiffError(
            error(
                "DC-DIFF-003",
                f"`{rev}` is not a git revision",
                help="pass a branch, tag or commit, e.g. --base origin/main",
            )
        )
    folder = path.resolve().parent
    check = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder)
    if check.returncode != 0:
        reason = _git(["rev-parse", "--is-inside-work-tree"], folder)
        if reason.returncode != 0:
            raise DiffError(
                error(
                    "DC-DIFF-003",
                    f"{path} is not inside a git repository",
                    help="run dcc diff --base in a git checkout, or pass OLD and NEW files",
                )
            )
        raise DiffError(
            error(
                "DC-DIFF-003",
                f"unknown git revision `{rev}`",
                help="fetch it first (`git fetch origin main`) or name a branch, tag or commit that exists",
            )
        )
    main_text = _git_file(rev, path.name, folder)
    if main_text is None:
        return None
    pending = [(path.name, main_text)]
    written: set[str] = set()
    while pending:
        relative, text = pending.pop()
        if relative in written:
            continue
        # the budget of imported files, as compiling counts them (the design itself is not one)
        if written and limits.over("imports", len(written)):
            raise DiffError(
                limits.exceeded("imports", len(written), None, f"{path.name} at {rev} reads")
            )
        target = workdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.add(relative)
        base = posixpath.dirname(relative)
        for imported in _relative_imports(text, relative):
            candidate = posixpath.normpath(posixpath.join(base, imported))
            if candidate.startswith("../") or candidate == ".." or posixpath.isabs(imported):
                continue  # outside the design's folder: the compiler says so
            names = [candidate] if candidate.endswith(".dc") else [candidate, candidate + ".dc"]
            for name in names:
                if name in written:
                    break
                found = _git_file(rev, name, folder)
                if found is not None:
                    pending.append((name, found))
                    break
    return workdir / path.name
