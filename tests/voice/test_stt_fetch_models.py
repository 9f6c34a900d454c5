"""Fetching Vosk models: real HTTP, real zip files, and the real lack of internet."""

from __future__ import annotations

import http.server
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from voice.fetch_models import EXIT_BAD_ARCHIVE, EXIT_NO_NETWORK, main
from voice.speech.vosk_engine import missing_model_files

NAME = "vosk-model-small-cn-0.22"
MODEL_FILES = {
    "am/final.mdl": b"acoustic",
    "conf/model.conf": b"--sample-frequency=16000\n",
    "graph/HCLr.fst": b"fst",
    "graph/Gr.fst": b"fst",
    "graph/phones/word_boundary.int": b"1 nonword\n",
}


def model_zip(path: Path, prefix: str = f"{NAME}/", extra=None) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, data in MODEL_FILES.items():
            bundle.writestr(prefix + name, data)
        for info, data in extra or []:
            bundle.writestr(info, data)
    return path


@pytest.fixture
def model_server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    model_zip(served / f"{NAME}.zip")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_download_unpack_and_check(tmp_path, model_server, capsys):
    models = tmp_path / "models"
    args = ["zh", "--models-dir", str(models), "--base-url", model_server]
    assert main(args) == 0
    assert missing_model_files(models / NAME) == []
    assert (models / NAME / "conf" / "model.conf").read_bytes() == MODEL_FILES[
        "conf/model.conf"
    ]
    assert sorted(p.name for p in models.iterdir()) == [NAME]  # No leftovers.
    assert main(args) == 0
    assert "already installed" in capsys.readouterr().out


def test_no_network_fails_fast_and_says_what_to_do(tmp_path, capsys):
    models = tmp_path / "models"
    base = f"http://127.0.0.1:{closed_port()}"
    assert (
        main(["en", "--models-dir", str(models), "--base-url", base]) == EXIT_NO_NETWORK
    )
    message = capsys.readouterr().err
    assert "cannot download" in message
    assert "--from-zip vosk-model-small-en-us-0.15.zip" in message
    assert "am/final.mdl" in message
    assert not any(models.iterdir())


def test_a_hung_server_times_out(tmp_path, capsys):
    with socket.socket() as black_hole:
        black_hole.bind(("127.0.0.1", 0))
        black_hole.listen(4)  # Accepts connections, never answers.
        base = f"http://127.0.0.1:{black_hole.getsockname()[1]}"
        args = ["zh", "--models-dir", str(tmp_path), "--base-url", base]
        assert main([*args, "--timeout", "1"]) == EXIT_NO_NETWORK
    assert "timed out" in capsys.readouterr().err


def test_install_from_a_zip_copied_by_hand(tmp_path):
    archive = model_zip(tmp_path / "by-hand.zip")
    models = tmp_path / "models"
    assert main(["zh", "--models-dir", str(models), "--from-zip", str(archive)]) == 0
    assert missing_model_files(models / NAME) == []


@pytest.mark.parametrize(
    "extra",
    [
        [("../../escaped.txt", b"x")],
        [("/etc/evil.conf", b"x")],
    ],
)
def test_unsafe_paths_are_refused(tmp_path, extra, capsys):
    archive = model_zip(tmp_path / "evil.zip", extra=extra)
    models = tmp_path / "models"
    assert (
        main(["zh", "--models-dir", str(models), "--from-zip", str(archive)])
        == EXIT_BAD_ARCHIVE
    )
    assert "unsafe path" in capsys.readouterr().err
    assert not (models / NAME).exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_symbolic_links_are_refused(tmp_path, capsys):
    link = zipfile.ZipInfo(f"{NAME}/graph/link")
    link.external_attr = 0o120777 << 16
    archive = model_zip(tmp_path / "link.zip", extra=[(link, "/etc/passwd")])
    args = ["zh", "--models-dir", str(tmp_path / "m"), "--from-zip", str(archive)]
    assert main(args) == EXIT_BAD_ARCHIVE
    assert "symbolic link" in capsys.readouterr().err


def test_incomplete_or_bogus_archives_are_refused(tmp_path, capsys):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"this is not a zip")
    incomplete = tmp_path / "incomplete.zip"
    with zipfile.ZipFile(incomplete, "w") as bundle:
        bundle.writestr(f"{NAME}/am/final.mdl", b"x")
    for archive in (bogus, incomplete):
        args = ["zh", "--models-dir", str(tmp_path / "m"), "--from-zip", str(archive)]
        assert main(args) == EXIT_BAD_ARCHIVE
    errors = capsys.readouterr().err
    assert "not a valid zip" in errors and "lacks conf/model.conf" in errors
