"""report.html in a real browser: headless Chromium renders it, takes a screenshot, and the
test fails on any console message (an error in the page, a blocked resource).

Skipped, with the reason, only when Chromium is not installed (`make test` installs Debian's
`chromium` when it runs as root).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcdsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium; `make test` does it as root)",
)


def render(page: Path, shot: Path, profile: Path) -> list[str]:
    """Screenshot ``page``; return the console lines Chromium logged."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1280,2400",
            "--enable-logging=stderr",
            "--v=0",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_the_harness_sees_console_errors(tmp_path: Path) -> None:
    # A page with a script error: the check below would catch the same in report.html.
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>notDefined()</script></body></html>", "utf-8")
    console = render(page, tmp_path / "bad.png", tmp_path / "profile")
    assert any("notDefined" in line for line in console)


def test_seed_report_renders_without_console_errors(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["build", str(ROOT / "designs" / "seed-100k.dc"), "-o", str(out)]
    )
    assert result.exit_code == 1  # the seed has errors; the report is where they are read
    shot = tmp_path / "report.png"
    console = render(out / "report.html", shot, tmp_path / "profile")
    assert console == []
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
