"""Run the Graphviz `dot` program: DOT text → SVG, or None when `dot` is missing or fails.

The caller writes the `.dot` either way and adds a note when the SVG is skipped.
"""

from __future__ import annotations

import shutil
import subprocess


def render_svg(dot_text: str, timeout_s: float = 120.0) -> str | None:
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    return done.stdout.decode("utf-8")
