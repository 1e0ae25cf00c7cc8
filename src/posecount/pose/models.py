"""The pose model bundles: pinned variants, where copies are found, verification, download.

Only the standard library and platformdirs are used here, so listing models and reporting a
missing or corrupt bundle never pays for importing MediaPipe.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import logging
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import platformdirs

import posecount
from posecount.errors import ModelError

__all__ = [
    "VARIANTS",
    "ModelInfo",
    "ModelVariant",
    "ProgressCallback",
    "bundled_models_dir",
    "download_model",
    "list_models",
    "model_search_dirs",
    "resolve_model",
    "source_models_dir",
    "user_models_dir",
]

log = logging.getLogger(__name__)

_URL_TEMPLATE = (
    "https://storage.googleapis.com/mediapipe-models/pose_landmarker/"
    "pose_landmarker_{variant}/float16/latest/pose_landmarker_{variant}.task"
)
_CHUNK_BYTES = 64 * 1024

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(bytes_received, total_bytes)`` after every chunk."""


@dataclass(frozen=True)
class ModelVariant:
    """One published PoseLandmarker bundle, pinned by size and sha256."""

    name: str
    size_bytes: int
    sha256: str

    @property
    def file_name(self) -> str:
        return f"pose_landmarker_{self.name}.task"

    @property
    def url(self) -> str:
        return _URL_TEMPLATE.format(variant=self.name)


VARIANTS: dict[str, ModelVariant] = {
    v.name: v
    for v in (
        ModelVariant(
            "lite", 5777410, "73145082795f3a54a744d8f1a5393c67f9c46fbbd8b3a43b95e6821c219b574e"
        ),
        ModelVariant(
            "full", 9397894, "e7e343b578699e424f3a304b7b5b560a26c74f0e3593a9c79f95775cccee4f2a"
        ),
        ModelVariant(
            "heavy", 30663938, "7d5cb9ff2fe1a9df57a91ce1fe69050f853c3da6aa699b46e214e0c88b6a4bce"
        ),
    )
}


@dataclass(frozen=True)
class ModelInfo:
    """What ``posecount models list`` shows for one variant.

    ``verified`` is None when the model is not installed or verification was skipped;
    ``location`` is the copy :func:`resolve_model` would use (or the corrupt one, if no copy
    matches its pin), None when no copy exists.
    """

    name: str
    size_bytes: int
    verified: bool | None
    location: Path | None


# ---------------------------------------------------------------------------- locations


def bundled_models_dir() -> Path:
    """Where a wheel install carries its bundles (hatch force-include puts them there)."""
    return Path(posecount.__file__).parent / "_models"


def source_models_dir() -> Path | None:
    """The checkout's ``models/`` folder for an editable install, else None."""
    root = Path(posecount.__file__).parents[2]
    # In site-packages parents[2] is lib/pythonX.Y, which holds nobody's models; only a
    # checkout has the project file next to models/.
    if (root / "pyproject.toml").is_file():
        return root / "models"
    return None


def user_models_dir() -> Path:
    """The per-user download cache (honours XDG_CACHE_HOME on Linux)."""
    return Path(platformdirs.user_cache_dir("posecount", appauthor=False)) / "models"


def model_search_dirs() -> list[Path]:
    """Folders searched for a variant's bundle, in priority order."""
    dirs = [bundled_models_dir()]
    src = source_models_dir()
    if src is not None:
        dirs.append(src)
    dirs.append(user_models_dir())
    return dirs


# ---------------------------------------------------------------------------- verification

# Hashing a bundle costs ~15 ms for lite and ~0.1 s for heavy, on every run that builds an
# estimator. A file's digest is therefore kept, in this process and on disk in the user
# cache, keyed by its path, size and modification time (ns): a file that is replaced or
# rewritten gets a new mtime and is hashed again, so a damaged bundle is still caught.
_digest_cache: dict[tuple[str, int, int], str] = {}
_DIGESTS_FILE = "model-digests.json"
_DIGESTS_VERSION = 1


def digest_cache_path() -> Path:
    return Path(platformdirs.user_cache_dir("posecount", appauthor=False)) / _DIGESTS_FILE


def _hash_file(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _read_digests() -> dict[str, dict[str, object]]:
    """The on-disk digests; anything unreadable or malformed counts as none (it is only a
    cache: the worst case is hashing again)."""
    import json

    try:
        data = json.loads(digest_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _DIGESTS_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_digest(key: tuple[str, int, int], digest: str) -> None:
    """Adds one digest to the on-disk cache, atomically (a reader never sees half a file).
    Any failure (read-only home, full disk, a folder in the way) is logged and ignored:
    a cache must never fail a run."""
    import json

    target = digest_cache_path()
    files = _read_digests()
    files[key[0]] = {"size": key[1], "mtime_ns": key[2], "sha256": digest}
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=target.parent, prefix=f".{_DIGESTS_FILE}.", suffix=".part", delete=False
        ) as fh:
            tmp = Path(fh.name)
            json.dump({"version": _DIGESTS_VERSION, "files": files}, fh)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        log.debug("could not record the model digest in %s: %s", target, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _file_sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    digest = _digest_cache.get(key)
    if digest is not None:
        return digest
    entry = _read_digests().get(key[0])
    if (
        isinstance(entry, dict)
        and entry.get("size") == key[1]
        and entry.get("mtime_ns") == key[2]
        and isinstance(entry.get("sha256"), str)
    ):
        digest = str(entry["sha256"])
    else:
        digest = _hash_file(path)
        _write_digest(key, digest)
    _digest_cache[key] = digest
    return digest


def _pin_mismatch(path: Path, variant: ModelVariant) -> str | None:
    """None when ``path`` matches the variant's pin, else a short description of why not."""
    try:
        size = path.stat().st_size
        # A size check first spares hashing a truncated file.
        if size != variant.size_bytes:
            return f"size {size} bytes != pinned {variant.size_bytes}"
        digest = _file_sha256(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if digest != variant.sha256:
        return f"sha256 {digest[:12]}... != pinned {variant.sha256[:12]}..."
    return None


def _candidates(variant: ModelVariant, dirs: Sequence[Path]) -> list[Path]:
    return [d / variant.file_name for d in dirs if (d / variant.file_name).is_file()]


def _locate(
    variant: ModelVariant, dirs: Sequence[Path], verify: bool
) -> tuple[Path | None, bool | None, str | None]:
    """(path, verified, mismatch) for the copy that would be used."""
    found = _candidates(variant, dirs)
    if not found:
        return None, None, None
    if not verify:
        return found[0], None, None
    first_problem: tuple[Path, str] | None = None
    for path in found:
        problem = _pin_mismatch(path, variant)
        if problem is None:
            if first_problem is not None:
                # Every verified copy is byte-identical, so a later one is as good as the
                # first; this is what lets a fresh download replace a damaged bundled copy.
                log.warning(
                    "skipping corrupt model file %s (%s); using %s",
                    first_problem[0],
                    first_problem[1],
                    path,
                )
            return path, True, None
        if first_problem is None:
            first_problem = (path, problem)
    assert first_problem is not None
    return first_problem[0], False, first_problem[1]


# ---------------------------------------------------------------------------- resolve / list


def _choices(exclude: str | None = None) -> str:
    return "|".join(name for name in VARIANTS if name != exclude)


def resolve_model(
    spec: str, *, verify: bool = True, search_dirs: Sequence[Path] | None = None
) -> Path:
    """The bundle file for ``spec``: a variant name (lite, full, heavy) or a path to a .task.

    Variant copies are checked against their pinned sha256 unless ``verify`` is False; a
    user-supplied path is not pinned (it may be a different build) but must be a zip bundle.
    ``search_dirs`` replaces :func:`model_search_dirs` (tests, custom layouts).

    Raises ModelError when nothing usable is found.
    """
    key = spec.strip()
    if not key:
        raise ModelError(f"--model is empty; pass one of {_choices()} or the path to a .task file")
    variant = VARIANTS.get(key.lower())
    if variant is None:
        return _resolve_user_path(key)

    dirs = list(search_dirs) if search_dirs is not None else model_search_dirs()
    path, verified, problem = _locate(variant, dirs, verify)
    if path is None:
        installed = [
            name
            for name, other in VARIANTS.items()
            if name != variant.name and _candidates(other, dirs)
        ]
        alternatives = "|".join([*installed, "PATH"])
        looked = ", ".join(str(d) for d in dirs)
        raise ModelError(
            f"model '{variant.name}' is not installed (looked in: {looked}); "
            f"run 'posecount models download {variant.name}' or pass --model {alternatives}"
        )
    if verified is False:
        if path.parent == user_models_dir():
            advice = f"run 'posecount models download {variant.name}' to replace it"
        else:
            advice = f"reinstall posecount or run 'posecount models download {variant.name}'"
        raise ModelError(f"model file {path} is corrupt ({problem}); {advice}")
    return path


def _resolve_user_path(spec: str) -> Path:
    path = Path(spec).expanduser()
    if not path.exists():
        looks_like_path = "/" in spec or os.sep in spec or path.suffix.lower() == ".task"
        if looks_like_path:
            raise ModelError(
                f"model file {spec} does not exist; check the path or pass --model {_choices()}"
            )
        raise ModelError(
            f"--model '{spec}': not a known model ({', '.join(VARIANTS)}) and no such file; "
            f"pass one of {_choices()} or the path to a .task file"
        )
    if path.is_dir():
        raise ModelError(
            f"model path {spec} is a folder; pass the .task file itself "
            f"(e.g. {path / VARIANTS['full'].file_name})"
        )
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError as exc:
        raise ModelError(
            f"model file {spec} cannot be read ({exc.strerror or exc}); check its permissions"
        ) from exc
    if not zipfile.is_zipfile(path):
        raise ModelError(
            f"model file {spec} is not a MediaPipe .task bundle (not a zip archive); "
            f"pass a pose_landmarker_*.task file or one of {_choices()}"
        )
    return path.resolve()


def list_models(
    *, verify: bool = True, search_dirs: Sequence[Path] | None = None
) -> list[ModelInfo]:
    """Install state of every known variant, in the order lite, full, heavy."""
    dirs = list(search_dirs) if search_dirs is not None else model_search_dirs()
    infos = []
    for variant in VARIANTS.values():
        path, verified, _ = _locate(variant, dirs, verify)
        infos.append(ModelInfo(variant.name, variant.size_bytes, verified, path))
    return infos


# ---------------------------------------------------------------------------- download


def download_model(
    variant: str,
    *,
    url: str | None = None,
    dest_dir: Path | None = None,
    progress: ProgressCallback | None = None,
    timeout_s: float = 60.0,
    expected_sha256: str | None = None,
    expected_size: int | None = None,
) -> Path:
    """Fetch a variant's bundle into ``dest_dir`` (default: the user cache) and return its path.

    The file appears under its final name only once its size and sha256 match the pin
    (``expected_*`` override the pin, for tests and mirrors); on any failure, including
    Ctrl-C, nothing is left behind. Failures raise ModelError; KeyboardInterrupt is
    re-raised after clean-up so the caller still sees the interrupt.
    """
    spec = VARIANTS.get(variant)
    if spec is None:
        raise ModelError(f"unknown model '{variant}'; choose one of {', '.join(VARIANTS)}")
    source = url or spec.url
    want_sha = (expected_sha256 or spec.sha256).lower()
    want_size = spec.size_bytes if expected_size is None else expected_size
    dest = Path(dest_dir) if dest_dir is not None else user_models_dir()
    final = dest / spec.file_name

    try:
        dest.mkdir(parents=True, exist_ok=True)
        # Same folder as the target so os.replace is a rename on one filesystem (atomic).
        tmp = tempfile.NamedTemporaryFile(
            dir=dest, prefix=f".{spec.file_name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise ModelError(
            f"cannot write to the model folder {dest} ({exc.strerror or exc}); "
            "check its permissions or choose another folder"
        ) from exc

    tmp_path = Path(tmp.name)
    kept = False
    try:
        with tmp:
            digest = _stream(spec.name, source, tmp, want_size, progress, timeout_s)
        if digest != want_sha:
            raise ModelError(
                f"download of '{spec.name}' failed: checksum mismatch "
                f"(sha256 {digest[:12]}... != pinned {want_sha[:12]}...) from {source}; "
                "the file was not kept; try again, or update posecount if the published "
                "model has changed"
            )
        # NamedTemporaryFile creates the file owner-only; a model is not a secret.
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, final)
        kept = True
    except OSError as exc:
        raise ModelError(
            f"download of '{spec.name}' failed: cannot write {final} ({exc.strerror or exc}); "
            "free some disk space or choose another folder"
        ) from exc
    finally:
        if not kept:
            with contextlib.suppress(OSError):
                tmp_path.unlink()

    st = final.stat()
    key = (str(final.resolve()), st.st_size, st.st_mtime_ns)
    _digest_cache[key] = digest
    _write_digest(key, digest)
    return final


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "reason", None)
    if isinstance(inner, BaseException):
        exc = inner
    elif inner:
        return str(inner)
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _stream(
    name: str,
    url: str,
    out: IO[bytes],
    want_size: int,
    progress: ProgressCallback | None,
    timeout_s: float,
) -> str:
    """Copy ``url`` into ``out`` and return its sha256; ModelError on any network problem."""
    fail = f"download of '{name}' failed"
    retry = "check the network and run the command again"
    request = urllib.request.Request(
        url, headers={"User-Agent": f"posecount/{posecount.__version__}"}
    )
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise ModelError(
            f"{fail}: HTTP {exc.code} {exc.reason} from {url}; check the URL or try again later"
        ) from None
    except ValueError as exc:
        raise ModelError(f"{fail}: {url!r} is not a valid URL ({exc})") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        host = urllib.parse.urlsplit(url).netloc or url
        raise ModelError(
            f"{fail}: cannot reach {host} ({_reason(exc)}); {retry}, "
            "or copy the .task file onto this machine and pass --model PATH"
        ) from None

    with response:
        announced = response.headers.get("Content-Length")
        if announced is not None and announced.isdigit() and int(announced) != want_size:
            raise ModelError(
                f"{fail}: the server offers {int(announced)} bytes but the pinned '{name}' "
                f"model is {want_size} bytes; the file was not kept; update posecount if the "
                "published model has changed"
            )
        hasher = hashlib.sha256()
        received = 0
        while True:
            try:
                chunk = response.read(_CHUNK_BYTES)
            except (http.client.HTTPException, OSError) as exc:
                raise ModelError(
                    f"{fail}: connection lost after {received} of {want_size} bytes "
                    f"({_reason(exc)}); {retry}"
                ) from None
            if not chunk:
                break
            received += len(chunk)
            if received > want_size:
                raise ModelError(
                    f"{fail}: the server sent more than the expected {want_size} bytes; "
                    "the file was not kept; update posecount if the published model has "
                    "changed"
                )
            hasher.update(chunk)
            out.write(chunk)
            if progress is not None:
                progress(received, want_size)
    if received != want_size:
        raise ModelError(
            f"{fail}: connection closed after {received} of {want_size} bytes; {retry}"
        )
    return hasher.hexdigest()
