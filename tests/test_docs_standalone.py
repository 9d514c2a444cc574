"""The docs stand alone: every file they point to exists in the repository, and neither docs nor
messages nor the catalogue cite material that does not ship (internal reference notes, the
source text a design was taken from); standards are cited by name and clause instead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")])

# A markdown link to a relative target, or a path in backticks to one of the repository's folders.
_LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)#\s]+)(?:#[^)]*)?\)")
_PATH = re.compile(r"`((?:docs|tests|dcdsl|designs|scripts|bench|editors)/[\w./-]+\.\w+)`")
# Paths the docs use as examples of a user's own repository, not files of this one.
_USER_EXAMPLES = {"designs/pod.dc", "designs/new.dc", "designs/old.dc", "designs/my-pod.dc"}


def _referenced(doc: Path) -> list[tuple[str, Path]]:
    text = doc.read_text(encoding="utf-8")
    found = [(m.group(1), doc.parent / m.group(1)) for m in _LINK.finditer(text)]
    found += [(m.group(1), ROOT / m.group(1)) for m in _PATH.finditer(text)]
    return [(raw, path) for raw, path in found if raw not in _USER_EXAMPLES]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_doc_points_to_exists(doc: Path) -> None:
    missing = [raw for raw, path in _referenced(doc) if not path.exists()]
    assert not missing, f"{doc.name} points to files that do not exist: {missing}"


def test_the_link_check_finds_a_missing_file(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("see [the rules](rules.md) and `docs/nowhere.md`\n", encoding="utf-8")
    assert [raw for raw, path in _referenced(doc) if not path.exists()] == [
        "rules.md",
        "docs/nowhere.md",
    ]


# Internal notes and the source article's text file are not shipped; a design keeps its name
# (`seed-100k`) but is described as "the 100,000-GPU cluster of the source article".
_UNSHIPPED = re.compile(r"domain\.md|domain §|shared/|\bseed\b(?!-100k)|\bseed's", re.IGNORECASE)


def _shipped_text_files() -> list[Path]:
    files = [*DOCS, *sorted((ROOT / "designs").rglob("*.dc"))]
    for pattern in ("*.py", "*.dc", "*.html", "*.j2", "*.css", "*.md"):
        files += sorted((ROOT / "dcdsl").rglob(pattern))
    return files


def test_nothing_cites_material_that_does_not_ship() -> None:
    hits = []
    for path in _shipped_text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _UNSHIPPED.search(line.replace("seed_", "")):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}")
    assert not hits, "cite the standard or datasheet by name and clause:\n" + "\n".join(hits)
