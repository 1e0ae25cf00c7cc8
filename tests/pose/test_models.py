"""Model registry: resolving pinned bundles and user paths, listing, and downloading.

Downloads run against a real HTTP server on 127.0.0.1 so urllib's own error paths are
exercised, not mocks of them.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecount.cli.models_cmd import models_app
from posecount.errors import ModelError
from posecount.pose import models

REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never read or write the real user cache, and never reuse digests across tests.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setattr(models, "_digest_cache", {})


def _fake_bundle() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("pose_detector.tflite", b"\x00detector" * 4000)
        zf.writestr("pose_landmarks_detector.tflite", b"\x01landmarks" * 4000)
    return buf.getvalue()


PAYLOAD = _fake_bundle()
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()


# ---------------------------------------------------------------------------- resolve


@pytest.mark.parametrize("variant", ["lite", "full"])
def test_resolve_bundled_variant(variant: str) -> None:
    path = models.resolve_model(variant)
    pin = models.VARIANTS[variant]
    assert path.name == pin.file_name
    assert path.stat().st_size == pin.size_bytes
    assert hashlib.sha256(path.read_bytes()).hexdigest() == pin.sha256


def test_resolve_is_case_insensitive_and_strips() -> None:
    assert models.resolve_model(" Full ") == models.resolve_model("full")


def test_verification_is_hashed_once_per_file_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO_MODELS / "pose_landmarker_lite.task", tmp_path)
    calls: list[Path] = []
    real = models._hash_file

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(models, "_hash_file", counting)
    for _ in range(3):
        models.resolve_model("lite", search_dirs=[tmp_path])
    assert len(calls) == 1

    copy = tmp_path / "pose_landmarker_lite.task"
    st = copy.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    models.resolve_model("lite", search_dirs=[tmp_path])
    assert len(calls) == 2


def _same_size_wrong_bytes(dest: Path) -> None:
    data = bytearray((REPO_MODELS / "pose_landmarker_full.task").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (dest / "pose_landmarker_full.task").write_bytes(bytes(data))


def _truncated(dest: Path) -> None:
    data = (REPO_MODELS / "pose_landmarker_full.task").read_bytes()
    (dest / "pose_landmarker_full.task").write_bytes(data[:1000])


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_same_size_wrong_bytes, "sha256 "),
        (_truncated, "size 1000 bytes != pinned 9397894"),
    ],
)
def test_resolve_corrupt_copy(
    damage: Callable[[Path], None], expected: str, tmp_path: Path
) -> None:
    damage(tmp_path)
    with pytest.raises(ModelError) as err:
        models.resolve_model("full", search_dirs=[tmp_path])
    msg = str(err.value)
    assert "\n" not in msg
    assert "is corrupt" in msg and expected in msg
    assert str(tmp_path / "pose_landmarker_full.task") in msg
    assert "posecount models download full" in msg


def test_corrupt_first_copy_falls_back_to_a_verified_one(tmp_path: Path) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    good.mkdir()
    _truncated(bad)
    shutil.copy(REPO_MODELS / "pose_landmarker_full.task", good)
    assert (
        models.resolve_model("full", search_dirs=[bad, good]) == good / "pose_landmarker_full.task"
    )
    # Without verification the first copy wins: the caller asked not to look inside.
    assert models.resolve_model("full", search_dirs=[bad, good], verify=False).parent == bad


def test_resolve_missing_variant(tmp_path: Path) -> None:
    shutil.copy(REPO_MODELS / "pose_landmarker_lite.task", tmp_path)
    empty = tmp_path / "empty"
    with pytest.raises(ModelError) as err:
        models.resolve_model("heavy", search_dirs=[empty, tmp_path])
    msg = str(err.value)
    assert "\n" not in msg
    assert "model 'heavy' is not installed" in msg
    assert str(empty) in msg and str(tmp_path) in msg
    assert "posecount models download heavy" in msg
    assert "--model lite|PATH" in msg


def test_default_search_dirs_end_with_user_cache(tmp_path: Path) -> None:
    dirs = models.model_search_dirs()
    assert dirs[0] == models.bundled_models_dir()
    assert dirs[-1] == tmp_path / "xdg-cache" / "posecount" / "models"
    # the checkout's models/ is searched by an editable install (not by a wheel install)
    source = models.source_models_dir()
    assert (source is not None) == (REPO_MODELS in [d.resolve() for d in dirs])


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        (tmp / name).write_bytes(data)
        return str(tmp / name)

    return make


@pytest.mark.parametrize(
    ("make_spec", "expected"),
    [
        (
            lambda tmp: "foo",
            "--model 'foo': not a known model (lite, full, heavy) and no such file",
        ),
        (lambda tmp: str(tmp / "nope.task"), "does not exist"),
        (lambda tmp: "   ", "--model is empty"),
        (lambda tmp: str(tmp), "is a folder"),
        (_write("notes.task", b"plain text, not a zip"), "not a zip archive"),
        (_write("empty.task", b""), "not a zip archive"),
    ],
    ids=["unknown-name", "missing-file", "empty", "folder", "not-zip", "empty-file"],
)
def test_resolve_bad_user_path(
    make_spec: Callable[[Path], str], expected: str, tmp_path: Path
) -> None:
    with pytest.raises(ModelError) as err:
        models.resolve_model(make_spec(tmp_path))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name", ["custom.task", "pose_landmarker_full.task"])
def test_resolve_user_path_accepts_any_zip_bundle(name: str, tmp_path: Path) -> None:
    # User paths are not pinned: a rebuilt bundle under an official name is still accepted.
    path = tmp_path / name
    path.write_bytes(PAYLOAD)
    assert models.resolve_model(str(path)) == path.resolve()


def test_resolve_user_path_to_repo_bundle() -> None:
    path = REPO_MODELS / "pose_landmarker_full.task"
    assert models.resolve_model(str(path)) == path.resolve()


def test_list_models(tmp_path: Path) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    shutil.copy(REPO_MODELS / "pose_landmarker_lite.task", good)
    _truncated(bad)
    infos = {i.name: i for i in models.list_models(search_dirs=[good, bad])}
    assert list(infos) == ["lite", "full", "heavy"]
    assert infos["lite"] == models.ModelInfo(
        "lite", 5777410, True, good / "pose_landmarker_lite.task"
    )
    assert infos["full"].verified is False
    assert infos["full"].location == bad / "pose_landmarker_full.task"
    assert infos["heavy"] == models.ModelInfo("heavy", 30663938, None, None)


def test_registry_and_cli_do_not_import_cv2_or_mediapipe() -> None:
    # A fresh interpreter: this test process may already hold them via other tests.
    code = (
        "import sys, posecount.pose.models, posecount.cli.models_cmd; "
        "print(sorted(m for m in ('cv2', 'mediapipe') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- download


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        if self.path == "/good.task":
            self._send(PAYLOAD, len(PAYLOAD))
        elif self.path == "/short.task":
            # Announce the whole file, then hang up half way (HTTP/1.0 closes on return).
            self._send(PAYLOAD[: len(PAYLOAD) // 2], len(PAYLOAD))
        else:
            self.send_error(404, "Not Found")

    def _send(self, body: bytes, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/pose_landmarker_full.task"


def _download(url: str, dest: Path, **kwargs: object) -> Path:
    params: dict = {"expected_sha256": PAYLOAD_SHA, "expected_size": len(PAYLOAD), "timeout_s": 5}
    params.update(kwargs)
    return models.download_model("full", url=url, dest_dir=dest, **params)


def test_download_good(server: str, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    dest = tmp_path / "new" / "dir"
    path = _download(f"{server}/good.task", dest, progress=lambda d, t: seen.append((d, t)))
    assert path == dest / "pose_landmarker_full.task"
    assert path.read_bytes() == PAYLOAD
    assert sorted(p.name for p in dest.iterdir()) == ["pose_landmarker_full.task"]
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_download_replaces_an_existing_file(server: str, tmp_path: Path) -> None:
    (tmp_path / "pose_landmarker_full.task").write_bytes(b"old and broken")
    path = _download(f"{server}/good.task", tmp_path)
    assert path.read_bytes() == PAYLOAD


@pytest.mark.parametrize(
    ("route", "kwargs", "expected"),
    [
        ("/good.task", {"expected_sha256": "0" * 64}, "checksum mismatch"),
        ("/good.task", {"expected_size": len(PAYLOAD) + 1}, "the server offers"),
        (
            "/short.task",
            {},
            f"connection closed after {len(PAYLOAD) // 2} of {len(PAYLOAD)} bytes",
        ),
        ("/missing.task", {}, "HTTP 404"),
    ],
    ids=["wrong-checksum", "wrong-size", "dropped-half-way", "not-found"],
)
def test_download_failure_leaves_nothing(
    server: str, tmp_path: Path, route: str, kwargs: dict, expected: str
) -> None:
    (tmp_path / "unrelated.txt").write_text("keep me")
    with pytest.raises(ModelError) as err:
        _download(server + route, tmp_path, **kwargs)
    msg = str(err.value)
    assert msg.startswith("download of 'full' failed: ")
    assert expected in msg
    assert "\n" not in msg
    assert [p.name for p in tmp_path.iterdir()] == ["unrelated.txt"]


def test_download_unreachable_host(closed_port_url: str, tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        _download(closed_port_url, tmp_path)
    assert "cannot reach 127.0.0.1:" in str(err.value)
    assert "--model PATH" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_download_interrupted_cleans_up_and_reraises(server: str, tmp_path: Path) -> None:
    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _download(f"{server}/good.task", tmp_path, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_download_unknown_variant(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="unknown model 'tiny'; choose one of lite, full, heavy"):
        models.download_model("tiny", dest_dir=tmp_path)


def test_downloaded_file_is_resolved_without_rehashing(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        models.VARIANTS, "full", models.ModelVariant("full", len(PAYLOAD), PAYLOAD_SHA)
    )
    _download(f"{server}/good.task", tmp_path)
    monkeypatch.setattr(models, "_hash_file", lambda path: pytest.fail("hashed again"))
    assert models.resolve_model("full", search_dirs=[tmp_path]).read_bytes() == PAYLOAD


# ---------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_list() -> None:
    result = runner.invoke(models_app, ["list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in ("lite", "full", "heavy"):
        assert name in result.stdout
    assert "not installed" in result.stdout  # heavy is not shipped
    lite = models.resolve_model("lite")  # the copy in use: the wheel's or the checkout's
    assert str(lite) in result.stdout


def test_cli_download_failure_is_one_clean_line(closed_port_url: str, tmp_path: Path) -> None:
    result = runner.invoke(
        models_app, ["download", "full", "--url", closed_port_url, "--dest", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: download of 'full' failed")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_download_prints_path(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        models.VARIANTS, "lite", models.ModelVariant("lite", len(PAYLOAD), PAYLOAD_SHA)
    )
    result = runner.invoke(
        models_app, ["download", "lite", "--url", f"{server}/good.task", "--dest", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "pose_landmarker_lite.task")


def test_cli_rejects_unknown_variant() -> None:
    result = runner.invoke(models_app, ["download", "tiny"])
    assert result.exit_code == 2
    assert "tiny" in result.output


def test_cli_without_args_shows_help() -> None:
    result = runner.invoke(models_app, [])
    assert "download" in result.output and "list" in result.output


# ---------------------------------------------------------------------------- digest cache
# A run is a new process: `_digest_cache` is emptied to stand for one (the autouse fixture
# already points the user cache at a temporary folder).


def _lite_copy(tmp_path: Path) -> Path:
    shutil.copy(REPO_MODELS / "pose_landmarker_lite.task", tmp_path)
    return tmp_path / "pose_landmarker_lite.task"


def _count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = models._hash_file

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(models, "_hash_file", counting)
    return calls


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "_digest_cache", {})


def test_a_verified_digest_is_reused_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _lite_copy(tmp_path)
    calls = _count_hashes(monkeypatch)
    models.resolve_model("lite", search_dirs=[tmp_path])
    for _ in range(2):
        _new_process(monkeypatch)
        assert models.resolve_model("lite", search_dirs=[tmp_path]) == copy
    assert calls == [copy]
    assert models.digest_cache_path().is_file()


def _touched(copy: Path) -> None:
    st = copy.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _rewritten_same_size(copy: Path) -> None:
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    st = copy.stat()
    copy.write_bytes(bytes(data))
    # A new version on disk has a new mtime; make sure it differs even on a coarse clock.
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1))


@pytest.mark.parametrize(
    ("change", "corrupt"),
    [(_touched, False), (_rewritten_same_size, True)],
    ids=["touched", "rewritten-same-size"],
)
def test_a_changed_file_is_hashed_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], None],
    corrupt: bool,
) -> None:
    copy = _lite_copy(tmp_path)
    calls = _count_hashes(monkeypatch)
    models.resolve_model("lite", search_dirs=[tmp_path])
    change(copy)
    _new_process(monkeypatch)
    if corrupt:
        # The existing one-line error, not a stale "verified".
        with pytest.raises(ModelError, match=r"is corrupt \(sha256 [0-9a-f]{12}\.\.\. != pinned"):
            models.resolve_model("lite", search_dirs=[tmp_path])
    else:
        assert models.resolve_model("lite", search_dirs=[tmp_path]) == copy
    assert calls == [copy, copy]


def test_a_corrupt_file_fails_every_run_even_with_its_digest_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_size_wrong_bytes(tmp_path)
    for _ in range(2):
        _new_process(monkeypatch)
        with pytest.raises(ModelError, match="is corrupt"):
            models.resolve_model("full", search_dirs=[tmp_path])


def _cache_is_a_folder(path: Path) -> None:
    path.mkdir(parents=True)


def _cache_parent_is_a_file(path: Path) -> None:
    path.parent.parent.mkdir(parents=True, exist_ok=True)
    path.parent.write_text("not a folder")


@pytest.mark.parametrize(
    "block", [_cache_is_a_folder, _cache_parent_is_a_file], ids=["folder", "parent-is-file"]
)
def test_a_cache_that_cannot_be_written_never_fails_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: Callable[[Path], None]
) -> None:
    (tmp_path / "m").mkdir()
    copy = _lite_copy(tmp_path / "m")
    block(models.digest_cache_path())
    calls = _count_hashes(monkeypatch)
    for _ in range(2):
        _new_process(monkeypatch)
        assert models.resolve_model("lite", search_dirs=[tmp_path / "m"]) == copy
    assert len(calls) == 2  # nothing remembered between runs, but both runs work
    assert not any(p.name.endswith(".part") for p in tmp_path.rglob("*"))


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "[]",
        '{"version": 99, "files": {}}',
        '{"version": 1, "files": []}',
        '{"version": 1, "files": {"PATH": {"size": "x", "mtime_ns": null, "sha256": 5}}}',
    ],
)
def test_a_damaged_cache_file_means_hashing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    copy = _lite_copy(tmp_path)
    cache = models.digest_cache_path()
    cache.parent.mkdir(parents=True)
    cache.write_text(content.replace("PATH", str(copy.resolve())))
    calls = _count_hashes(monkeypatch)
    assert models.resolve_model("lite", search_dirs=[tmp_path]) == copy
    _new_process(monkeypatch)
    assert models.resolve_model("lite", search_dirs=[tmp_path]) == copy
    assert calls == [copy]  # re-hashed once, then the repaired cache is used


def test_a_cached_digest_that_does_not_match_the_pin_is_not_trusted_as_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Someone's stale or forged entry for the right size and mtime: the pin still decides.
    copy = _lite_copy(tmp_path)
    st = copy.stat()
    cache = models.digest_cache_path()
    cache.parent.mkdir(parents=True)
    entry = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": "0" * 64}
    cache.write_text(json.dumps({"version": 1, "files": {str(copy.resolve()): entry}}))
    with pytest.raises(ModelError, match="is corrupt"):
        models.resolve_model("lite", search_dirs=[tmp_path])
