"""Production settings are safe or refuse to start (issue 9, "Proof of trust", hole 10a and 10b).

Each case runs the real `manage.py` (or `make`) in a child process with its own environment, since the settings
are read once per process.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def environment(tmp_path: Path, **given: str) -> dict[str, str]:
    """The machine's environment without any Django/Rembug setting (pytest's key included), plus `given`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REMBUG_", "DATABASE_URL", "PYTEST_"))}
    return env | {"DJANGO_SETTINGS_MODULE": "rembug.settings", "REMBUG_VAR_DIR": str(tmp_path)} | given


def manage(tmp_path: Path, *args: str, **given: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment(tmp_path, **given),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_secret_key_the_site_refuses_to_start(tmp_path):
    """It used to start on a key printed in the source: anyone could forge sessions and password-reset links."""
    result = manage(tmp_path, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr
    assert "rembug-insecure-demo-key" not in (REPO / "rembug" / "settings.py").read_text()


def test_an_empty_secret_key_is_no_key(tmp_path):
    result = manage(tmp_path, "check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_developer_with_debug_on_needs_no_key(tmp_path):
    result = manage(tmp_path, "check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_every_deploy_check(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE="1",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="musrenbang.malangkota.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture
def demo_checkout(tmp_path) -> Path:
    """A copy of the Makefile whose "venv" is two scripts that write down the DJANGO_SECRET_KEY they were given."""
    checkout = tmp_path / "rembug"
    checkout.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, checkout / name)
    fake_bin = checkout / "fake-venv" / "bin"
    fake_bin.mkdir(parents=True)
    for tool in ("python", "gunicorn"):
        script = fake_bin / tool
        script.write_text('#!/bin/sh\necho "${DJANGO_SECRET_KEY:-<none>}" >> "$KEY_LOG"\n')
        script.chmod(0o755)
    (fake_bin / ".installed").touch()  # newer than pyproject.toml and constraints.txt: nothing is installed
    return checkout


def make(checkout: Path, target: str, **given: str) -> list[str]:
    log = checkout / "keys.log"
    log.unlink(missing_ok=True)
    env = environment(checkout, KEY_LOG=str(log), **given)
    env.pop("REMBUG_VAR_DIR")
    subprocess.run(
        ["make", "--no-print-directory", target, "BIN=fake-venv/bin", f"PYTHON={sys.executable}"],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return log.read_text().split()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_run_gives_the_demo_its_own_random_key_made_once(demo_checkout):
    used = make(demo_checkout, "run")
    key_file = demo_checkout / "var" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # the demo's key is its owner's alone
    assert len(used) == 7 and set(used) == {key}  # migrate, collectstatic, load_demo, then run's four commands
    assert set(make(demo_checkout, "run")) == {key}  # the same key next time: sessions survive a restart
    assert set(make(demo_checkout, "run", DJANGO_SECRET_KEY="a-key-given-by-the-operator")) == {
        "a-key-given-by-the-operator"
    }


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_an_existing_demo_gets_a_key_without_being_set_up_again(demo_checkout):
    (demo_checkout / "var").mkdir()
    (demo_checkout / "var" / ".ready").touch()
    used = make(demo_checkout, "run")
    assert len(used) == 4 and "<none>" not in used  # only run's commands, each with the new key
