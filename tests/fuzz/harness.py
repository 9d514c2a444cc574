"""Run `dcc check` in-process on one fuzz case and say what, if anything, went wrong.

A case is a folder of files (``main.dc`` is checked). The properties, for any input:
- no traceback and no DC-INTERNAL diagnostic (a caught crash is still a crash);
- exit code 0 or 1, never 2 (2 means dcc could not do its job: bad arguments, internal errors);
- the JSON (or SARIF) output parses;
- every diagnostic's range lies inside a file the case provided (or the packaged catalogue) and
  inside that file's text;
- the check finishes within a deadline (a SIGALRM timer interrupts it: a hang is a failure).
"""

from __future__ import annotations

import json
import resource
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import attrs
from click.testing import CliRunner

from dcdsl.cli import main as dcc

STD = Path(__file__).resolve().parents[2] / "dcdsl" / "catalog" / "std"


class Hang(BaseException):  # BaseException: the CLI's own `except Exception` must not catch it
    pass


@attrs.define
class Outcome:
    problems: list[str]
    seconds: float
    exit_code: int | None

    @property
    def hang(self) -> bool:
        return any(p.startswith("hang") for p in self.problems)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def std_parsed_once() -> Iterator[None]:
    """Parse each `std/…` catalogue module once for the whole run, not once per case.

    The catalogue is trusted, constant input and its parse is a third of a small case's time;
    the design's own files are still parsed afresh every time. Syntax trees are immutable, so
    sharing one is safe (the language server does the same, ``dcdsl.lsp.cache``)."""
    from dcdsl.elaborate import loader

    real = loader.parse
    trees: dict[tuple[str, str], Any] = {}

    def parse(text: str, path: str = "<input>") -> Any:
        if not path.startswith("<std/"):
            return real(text, path)
        key = (path, text)
        if key not in trees:
            trees[key] = real(text, path)
        return trees[key]

    loader.parse = parse  # type: ignore[assignment]
    try:
        yield
    finally:
        loader.parse = real  # type: ignore[assignment]


def write_project(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder / "main.dc"


def check_case(files: dict[str, bytes], fmt: str = "json", seconds: float = 20.0) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="dcc-fuzz-") as tmp:
        folder = Path(tmp).resolve()
        main = write_project(folder, files)
        started = time.perf_counter()
        try:
            with deadline(seconds):
                result = CliRunner().invoke(dcc, ["check", str(main), "--format", fmt])
        except Hang as exc:
            return Outcome([f"hang: {exc}"], time.perf_counter() - started, None)
        elapsed = time.perf_counter() - started
        problems = judge(result.exit_code, result.stdout, result.stderr, result.exception, fmt)
        if fmt == "json" and not problems:
            problems += located(json.loads(result.stdout), folder, files)
        return Outcome(problems, elapsed, result.exit_code)


def judge(
    exit_code: int, stdout: str, stderr: str, exception: BaseException | None, fmt: str
) -> list[str]:
    problems = []
    if exception is not None and not isinstance(exception, SystemExit):
        problems.append(f"exception escaped: {type(exception).__name__}: {exception}")
    if exit_code not in (0, 1):
        problems.append(f"exit code {exit_code}: {stderr.strip()[-300:]}")
    for stream in (stdout, stderr):
        if "Traceback (most recent call last)" in stream:
            problems.append("traceback printed")
    if "DC-INTERNAL" in stderr:
        problems.append(f"internal error: {stderr[stderr.index('DC-INTERNAL') :][:300]}")
    try:
        document = json.loads(stdout)
    except ValueError as exc:
        problems.append(f"{fmt} output does not parse: {exc}: {stdout[:200]!r}")
        return problems
    problems += [f"internal error: {message[:300]}" for message in _internal(document, fmt)]
    return problems


def _internal(document: Any, fmt: str) -> list[str]:
    """Messages of DC-INTERNAL findings (SARIF lists every rule, DC-INTERNAL-001 included, in
    its rule metadata: only its results count)."""
    if fmt == "sarif":
        return [
            result["message"]["text"]
            for run in document["runs"]
            for result in run.get("results", [])
            if result.get("ruleId", "").startswith("DC-INTERNAL")
        ]
    return [
        item["summary"]
        for item in document.get("diagnostics", [])
        if item["code"].startswith("DC-INTERNAL")
    ]


def located(document: dict[str, Any], folder: Path, files: dict[str, bytes]) -> list[str]:
    """Every range of every diagnostic points into a file that was read, inside its text."""
    problems = []
    texts = {(folder / name).resolve(): data for name, data in files.items()}
    for item in document.get("diagnostics", []):
        ranges = [item["range"]] if "range" in item else []
        ranges += [related["range"] for related in item.get("related", [])]
        for where in ranges:
            problem = _inside(where, texts)
            if problem:
                problems.append(f"{item['code']} {item['summary'][:80]!r}: {problem}")
    return problems


def _inside(where: dict[str, Any], texts: dict[Path, bytes]) -> str | None:
    name = where["filename"]
    if name.startswith("<std/") and name.endswith(">"):
        data = (STD / f"{name[5:-1]}.dc").read_bytes()
    else:
        path = Path(name).resolve()
        if path not in texts:
            return f"range in {name!r}, a file the case did not provide"
        data = texts[path]
    text = data.decode("utf-8", errors="replace")
    start, end = where["start"], where["end"]
    if (start["line"], start["column"]) > (end["line"], end["column"]):
        return f"range ends before it starts: {start} > {end}"
    if not 0 <= start["byte"] <= end["byte"] <= len(data):
        return f"byte range {start['byte']}..{end['byte']} outside the file ({len(data)} bytes)"
    # Lines as the user's editor counts them: either \n-separated or str.splitlines().
    line_counts = (text.count("\n") + 1, len(text.splitlines()) + 1)
    for position in (start, end):
        if not 1 <= position["line"] <= max(line_counts):
            return f"line {position['line']} outside the file ({max(line_counts)} lines)"
        if position["column"] < 1:
            return f"column {position['column']} < 1"
    return None


def peak_memory_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
