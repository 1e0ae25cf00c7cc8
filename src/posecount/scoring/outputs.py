"""The files a score run writes (baseline, JUnit XML, Markdown): checked before the run, so
a bad path fails in a second instead of after an hour of scoring, and written atomically,
so a killed run leaves the previous file or the new one, never half of either.

A run replaces its own earlier output (that is what CI does on every job) but never a
file that is something else: an existing file is overwritten only when it is empty or
looks like what this kind of output writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from posecount.errors import PosecountError

_SNIFF_BYTES = 4096


def _is_baseline(head: str) -> bool:
    return head.lstrip().startswith("{") and ('"summary"' in head or "posecount-baseline" in head)


def _is_junit(head: str) -> bool:
    return "<testsuites" in head and "posecount" in head


MARKDOWN_MARK = "<!-- posecount score -->"


def _is_markdown(head: str) -> bool:
    return head.startswith(MARKDOWN_MARK)


KINDS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "baseline": ("a posecount baseline", _is_baseline),
    "junit": ("a posecount JUnit report", _is_junit),
    "markdown": ("a posecount Markdown summary", _is_markdown),
}


def check_output(path: Path, kind: str, option: str) -> None:
    """Raise now if `path` could not be written after the run, or holds something else."""
    what, looks_ours = KINDS[kind]
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise PosecountError(
            f"{option} {path}: folder {parent} does not exist; create it first or pick another path"
        )
    if path.is_dir():
        raise PosecountError(f"{option} {path} is a folder; give a file name inside it")
    if path.exists():
        try:
            with open(path, "rb") as fh:
                head = fh.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
        except OSError as e:
            raise PosecountError(
                f"{option} {path} exists and cannot be read ({e.strerror or e}); pick another path"
            ) from None
        if head.strip() and not looks_ours(head):
            raise PosecountError(
                f"{option} {path} exists and is not {what}; refusing to overwrite it: "
                "remove it or pick another path"
            )
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".posecount-probe-")
    except OSError as e:
        raise PosecountError(
            f"{option} {path}: cannot write in {parent} ({e.strerror or e}); pick a writable folder"
        ) from None
    os.close(fd)
    os.unlink(probe)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    parent = path.parent if str(path.parent) else Path(".")
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".part")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file owner-only; a report is not a secret, so the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise PosecountError(
            f"cannot write {path} ({e.strerror or e}); the previous file, if any, is unchanged"
        ) from None
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
