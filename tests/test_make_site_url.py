"""`make run` and `make dev` tell the app the address they serve, so the Berita Acara's QR code opens it (it
pointed at 127.0.0.1:8000 whatever HOST and PORT said), and the start banner prints that address."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.test_settings import REPO, environment


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the Makefile whose "venv" is two scripts that write down the REMBUG_SITE_URL they were given."""
    copy = tmp_path / "rembug"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, copy / name)
    fake_bin = copy / "fake-venv" / "bin"
    fake_bin.mkdir(parents=True)
    for tool in ("python", "gunicorn"):
        script = fake_bin / tool
        script.write_text('#!/bin/sh\necho "${REMBUG_SITE_URL:-<none>}" >> "$URL_LOG"\n')
        script.chmod(0o755)
    (fake_bin / ".installed").touch()
    (copy / "var").mkdir()
    (copy / "var" / ".ready").touch()  # an existing demo: only the target's own commands run
    return copy


def make(checkout: Path, target: str, *variables: str, **given: str) -> set[str]:
    log = checkout / "urls.log"
    log.unlink(missing_ok=True)
    env = environment(checkout, URL_LOG=str(log), **given)
    env.pop("REMBUG_VAR_DIR")
    subprocess.run(
        ["make", "--no-print-directory", target, "BIN=fake-venv/bin", f"PYTHON={sys.executable}", *variables],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return set(log.read_text().split())


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
@pytest.mark.parametrize("target", ["run", "dev"])
def test_make_passes_the_address_it_serves(checkout, target):
    assert make(checkout, target) == {"http://127.0.0.1:8000"}
    assert make(checkout, target, "HOST=192.168.1.20", "PORT=8080") == {"http://192.168.1.20:8080"}
    given = make(checkout, target, "PORT=8080", REMBUG_SITE_URL="https://musrenbang.malangkota.go.id")
    assert given == {"https://musrenbang.malangkota.go.id"}  # an address given by the operator wins


def test_the_start_banner_prints_the_sites_address(settings, capsys):
    settings.REMBUG_SITE_URL = "http://192.168.1.20:8080"
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "http://192.168.1.20:8080/" in out and "127.0.0.1:8000" not in out
