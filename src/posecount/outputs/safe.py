"""Safe output files.

A user once ran `posecount track copy.mp4 -o copy.mp4` and lost the video to an 11 kB
pose track. So every output is checked before any work starts (not after a long run,
when the results would be lost): it is not one of the inputs (also through a symlink or
a hard link), it does not replace an existing file unless asked (`--force`), and its
folder exists and is writable. It is then written to a temporary file beside it and
renamed into place, so an existing file is replaced whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from posecount.errors import OutputError


def same_file(a: Path, b: Path) -> bool:
    """The same file on disk: equal after resolving links, or the same inode (hard link)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    path: Path, *, inputs: Sequence[Path] = (), force: bool = False, flag: str = "-o"
) -> Path:
    """Raises OutputError saying what to do when `path` must not or cannot be written."""
    path = Path(path)
    for source in inputs:
        if same_file(path, Path(source)):
            raise OutputError(
                f"the output {path} is the input {source}; writing it would destroy the input: "
                f"choose another {flag} path"
            )
    if path.is_dir():
        raise OutputError(f"the output {path} is a folder; give a file name with {flag}")
    if path.exists() and not force:
        raise OutputError(
            f"{path} already exists; choose another {flag} path, or add --force to replace it"
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(
            f"cannot write {path}: the folder {parent} does not exist; create it or choose "
            f"another {flag} path"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot write {path}: no permission to write in {parent}; choose another {flag} path"
        )
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: Path, *, keep_partial: bool = False) -> Iterator[Path]:
    """Yields a temporary path beside `path`; renames it to `path` when the block ends,
    also when it ends by Ctrl-C (what was written so far is the user's data). When the
    block fails otherwise, `path` is left untouched and the temporary file is removed,
    unless `keep_partial` (a recording that cannot be made again, such as a camera's):
    then what was written becomes `path` if there was no such file, or stays beside it.
    The temporary name is visible (`<name>.<random>.part`): if the process is killed
    outright, what it wrote is there to find, and `analyze` reads a pose track by content."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(dir=parent, prefix=f"{path.name}.", suffix=".part")
    except OSError as e:
        raise OutputError(
            f"cannot write {path}: {e.strerror}; choose another path or free some space"
        ) from e
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it a new file's mode
    try:
        yield tmp
    except KeyboardInterrupt:
        os.replace(tmp, path)
        raise
    except BaseException:
        if keep_partial and tmp.exists() and tmp.stat().st_size > 0:
            if not path.exists():
                os.replace(tmp, path)
        else:
            tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
