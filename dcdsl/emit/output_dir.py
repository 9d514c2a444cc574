"""The output folder of `dcc build`: owned, replaced atomically, never someone else's files.

`dcc build -o DIR` writes only into folders it owns. A folder is dcc's when it holds the marker
file ``.dcc-build`` and nothing but the files that marker lists (the marker is written first, so
a temporary folder of a killed build carries it too). A missing or empty folder may be used; a
non-empty folder that is not dcc's, the working directory or a folder above it, and a git
checkout are refused with ``DC-IO-010`` before anything is written.

Files are written into a fresh temporary folder ``.DIR.tmp-XXXX`` beside the target, then
swapped in with two renames (the old folder goes to ``.DIR.old-…`` and is deleted file by
listed file). Signals are held during the swap, and every temporary is removed on any exit: an
error, Ctrl-C (SIGINT) or SIGTERM. Temporaries of an earlier build that was killed outright
(SIGKILL, power loss) are removed by the next build, and only when they carry the marker.
Folders and files get the permissions the umask gives, like any file a tool creates.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

MARKER = ".dcc-build"
_MAGIC = "dcc-build 1"
_HEADER = (
    f"{_MAGIC}\n"
    "# This folder was written by `dcc build`. The next build replaces it, deleting only the\n"
    "# files listed below; a folder holding any other file is never replaced.\n"
)
OUTPUT_NOT_OURS = "DC-IO-010"
OUTPUT_UNWRITABLE = "DC-IO-002"
MAX_SHOWN = 5  # foreign file names quoted in the refusal


class OutputError(Exception):
    """A refused or failed output folder: a code, a message and what to do."""

    def __init__(self, code: str, message: str, help: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.help = help


def marker_text(names: list[str]) -> str:
    return _HEADER + "".join(f"{name}\n" for name in sorted(names))


def listed_files(folder: Path) -> set[str] | None:
    """The names the folder's marker lists, or None when it has no valid marker."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return None
        with marker.open(encoding="utf-8") as handle:
            lines = handle.read(1_000_000).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != _MAGIC:
        return None
    return {line for line in lines[1:] if line and not line.startswith("#") and "/" not in line} - {
        ".",
        "..",
    }


def foreign_entries(folder: Path) -> list[str] | None:
    """Entries of an existing folder that dcc did not write (sorted); None if it is not dcc's.

    An empty list means the folder is dcc's and may be replaced."""
    listed = listed_files(folder)
    entries = sorted(os.listdir(folder))
    if listed is None:
        return None if entries else []
    foreign = []
    for name in entries:
        if name == MARKER:
            continue
        if name not in listed or stat.S_ISDIR((folder / name).lstat().st_mode):
            foreign.append(name)
    return foreign


def _remove_owned(folder: Path) -> None:
    """Delete the listed files, the marker and the folder; anything else stays where it is."""
    listed = listed_files(folder) or set()
    for name in sorted(listed):
        path = folder / name
        with contextlib.suppress(OSError):
            if not stat.S_ISDIR(path.lstat().st_mode):
                path.unlink()
    with contextlib.suppress(OSError):
        (folder / MARKER).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def _is_ours_to_clean(path: Path) -> bool:
    """A real folder (not a symlink) with dcc's marker and nothing else."""
    try:
        return (
            stat.S_ISDIR(path.lstat().st_mode)
            and listed_files(path) is not None
            and foreign_entries(path) == []
        )
    except OSError:
        return False


def remove_stale(parent: Path, name: str) -> None:
    """Temporaries of an earlier build of ``name`` that was killed: only those with the marker."""
    prefixes = (f".{name}.tmp-", f".{name}.old-")
    try:
        entries = sorted(os.listdir(parent))
    except OSError:
        return
    for entry in entries:
        path = parent / entry
        if entry.startswith(prefixes) and _is_ours_to_clean(path):
            _remove_owned(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM (delivered afterwards) so a rename pair is not cut in half."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # not POSIX: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def check_target(target: Path, cwd: Path | None = None) -> Path:
    """The real folder to replace (symlinks followed), or an OutputError saying why not."""
    try:
        return _check_target(target, cwd)
    except OSError as exc:  # a name too long, a symlink loop, a folder we may not read
        raise OutputError(
            OUTPUT_UNWRITABLE,
            f"cannot use {target} as the output folder: {exc.strerror or exc}",
            "choose a writable output folder with -o DIR",
        ) from None


def _check_target(target: Path, cwd: Path | None) -> Path:
    cwd = (cwd or Path.cwd()).resolve()
    shown = str(target)
    real = target.resolve()
    if real.exists() and not real.is_dir():
        raise OutputError(
            OUTPUT_UNWRITABLE,
            f"{shown} exists and is not a folder",
            "choose a folder for the build output with -o DIR",
        )
    if real == cwd or real in cwd.parents:
        raise OutputError(
            OUTPUT_NOT_OURS,
            f"refusing to write the build into {shown}: it is the working directory "
            "or a folder above it",
            "choose a new subfolder, e.g. -o build/<design>; dcc replaces the whole output folder",
        )
    if not real.exists():
        return real
    if (real / ".git").exists():
        raise OutputError(
            OUTPUT_NOT_OURS,
            f"refusing to write the build into {shown}: it is a git checkout",
            "choose a new subfolder, e.g. -o build/<design>",
        )
    try:
        foreign = foreign_entries(real)
    except OSError as exc:
        raise OutputError(
            OUTPUT_UNWRITABLE,
            f"cannot read {shown}: {exc.strerror or exc}",
            "choose a readable, writable output folder with -o DIR",
        ) from None
    if foreign is None:
        raise OutputError(
            OUTPUT_NOT_OURS,
            f"refusing to replace {shown}: it is not empty and was not written by dcc "
            f"(no {MARKER} marker)",
            "choose a new or empty folder with -o DIR; if it is an earlier build, delete it once",
        )
    if foreign:
        names = ", ".join(foreign[:MAX_SHOWN]) + (" …" if len(foreign) > MAX_SHOWN else "")
        raise OutputError(
            OUTPUT_NOT_OURS,
            f"refusing to replace {shown}: it holds {len(foreign)} file(s) dcc did not write "
            f"({names})",
            "move those files elsewhere, or choose another folder with -o DIR",
        )
    return real


def replace_folder(target: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` as the new content of ``target``, all or nothing (see the module doc)."""
    real = check_target(target)
    parent, name = real.parent, real.name
    staging: Path | None = None
    old: Path | None = None
    try:
        try:
            parent.mkdir(parents=True, exist_ok=True)
            remove_stale(parent, name)
            staging = Path(os.path.realpath(_make_staging(parent, name)))
            _write_all(staging, files)
            with signals_held():
                if real.exists():
                    # Checked again at the last moment: a file added since is not ours to move.
                    check_target(target)
                    old = parent / f".{name}.old-{os.getpid()}-{secrets.token_hex(4)}"
                    os.rename(real, old)
                try:
                    os.rename(staging, real)
                except OSError:
                    if old is not None:
                        os.rename(old, real)
                        old = None
                    raise
                staging = None
        except OSError as exc:
            raise OutputError(
                OUTPUT_UNWRITABLE,
                f"cannot write {target}: {exc.strerror or exc}",
                "choose a writable output folder with -o DIR",
            ) from None
    finally:
        with signals_held():
            for leftover in (staging, old):
                if leftover is not None:
                    _remove_owned(leftover)


def _make_staging(parent: Path, name: str) -> str:
    import tempfile

    staging = tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent)
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes 0700; outputs follow the umask
    return staging


def _write_all(staging: Path, files: Mapping[str, str | bytes]) -> None:
    names = sorted(files)
    for bad in names:
        if bad in ("", ".", "..", MARKER) or "/" in bad or "\\" in bad or "\0" in bad:
            raise OSError(f"invalid output file name {bad!r}")  # a bug of ours, never a path
    # The marker first: a temporary folder left by a killed build is recognisably dcc's.
    (staging / MARKER).write_text(marker_text(names), encoding="utf-8", newline="\n")
    for name in names:
        content = files[name]
        path = staging / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
