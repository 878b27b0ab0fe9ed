"""A real streaming replica behind the database router, measured (issue 14, point 5; docs/scaling.md).

`make bench-replica` runs it. It starts its OWN PostgreSQL primary (port 5434) and a streaming replica of it
(port 5435, pg_basebackup -R: standby mode) in a temporary directory, so the shared server on 5432 is never
touched; migrates and loads the Kota Malang demo into the primary; serves Rembug with gunicorn (production settings,
DATABASE_REPLICA_URL set) on loopback; requests the read-heavy pages; and shows from the replica's own counters
(pg_stat_database) and from the router's per-request counts (the X-Rembug-Reads header) that the reads ran on the
replica. Then it pauses the replica's replay (a lag that does not end by itself), writes a proposal through the web
form, and shows that the writer reads it back at once while the replica still lacks it. Everything is stopped and
removed at the end; bounded by --timeout (default 300 s). Results: bench/results/replica-<date>.json.

Runs as root (the PostgreSQL processes then run as the `postgres` user) or as any non-root user.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PRIMARY_PORT, REPLICA_PORT, WEB_PORT = 5434, 5435, 8734
DB = "rembug"
BASE = f"http://127.0.0.1:{WEB_PORT}"
GUNICORN = ("--workers", "2", "--timeout", "60")
PIN_SECONDS = 3  # reads on the primary after a write; production keeps 10 (longer than the worst lag)
RT_CODE = "35.73.05.1011.03.001"
PAGES = (  # the read-heavy pages: portal, public search, open data, a chair's lists (signed in)
    ("portal index", "/portal/", False),
    ("portal city", "/portal/35.73/", False),
    ("portal kecamatan", "/portal/35.73.05/", False),
    ("portal kelurahan", "/portal/35.73.05.1011/", False),
    ("public search", "/cari/?q=saluran", False),
    ("open data index", "/portal/data/", False),
    ("open data proposals csv", "/portal/data/usulan.csv?region=35.73", False),
    ("API regions", "/api/v1/regions?parent=35.73", False),
    ("dashboard (chair)", "/", True),
    ("proposal list (chair)", "/usulan/", True),
)


class Demo:
    def __init__(self, workdir: Path, deadline: float) -> None:
        self.workdir = workdir
        self.deadline = deadline
        self.as_postgres = os.geteuid() == 0
        self.gunicorn: subprocess.Popen | None = None
        self.started: list[Path] = []

    # --- processes ---------------------------------------------------------------------------------------------
    def run(self, *args: str, pg: bool = False, env: dict | None = None, check: bool = True) -> str:
        left = max(5.0, self.deadline - time.monotonic())
        cmd = list(args)
        if pg and self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=left, check=False)
        if check and result.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def sql(self, port: int, query: str, db: str = DB) -> str:
        return self.run("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-Atc", query).strip()

    def start_cluster(self, data: Path, port: int) -> None:
        log = self.workdir / f"pg-{port}.log"
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", f"-p {port}", "-w", "start", pg=True)
        self.started.append(data)

    def environment(self, replica: bool = True) -> dict[str, str]:
        """Production settings on loopback; the setup commands run without the replica (it does not exist yet)."""
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REMBUG_", "DATABASE_"))}
        return (
            keep
            | {
                "DJANGO_SETTINGS_MODULE": "rembug.settings",
                "DJANGO_SECRET_KEY": "replica-demo-" + os.urandom(16).hex(),
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/{DB}",
                "REMBUG_VAR_DIR": str(self.workdir / "var"),
                "PYTHONPATH": str(REPO),
                "REMBUG_READ_YOUR_WRITES_SECONDS": str(PIN_SECONDS),
                "REMBUG_READS_HEADER": "1",
            }
            | ({"DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DB}"} if replica else {})
        )

    # --- steps -------------------------------------------------------------------------------------------------
    def primary(self, source_url: str | None) -> float:
        data = self.workdir / "primary"
        self.run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", pg=True)
        with (data / "postgresql.conf").open("a") as conf:
            # A throwaway cluster: no fsync (the demo's load is 10x faster); replication as in production.
            conf.write(
                f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.workdir}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.start_cluster(data, PRIMARY_PORT)
        self.sql(PRIMARY_PORT, f"CREATE DATABASE {DB}", db="postgres")
        began = time.monotonic()
        env = self.environment(replica=False)
        python = sys.executable
        if source_url:  # a copy of a database already migrated and loaded (quicker on a busy machine)
            dump = subprocess.run(["pg_dump", "--no-owner", source_url], capture_output=True, check=True).stdout
            target = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/{DB}"
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", target], input=dump, capture_output=True, check=True)
        self.run(python, "manage.py", "migrate", "--noinput", "-v0", env=env)
        if not source_url:
            self.run(python, "manage.py", "load_demo", env=env)
        static = REPO / "var" / "static"
        if not (static / "staticfiles.json").exists():  # collected once, like `make run` does, then reused
            self.run(
                python,
                "manage.py",
                "collectstatic",
                "--noinput",
                "-v0",
                env=env | {"REMBUG_VAR_DIR": str(REPO / "var")},
            )
        (self.workdir / "var").mkdir(exist_ok=True)  # load_demo may have made it (media)
        (self.workdir / "var" / "static").symlink_to(static)
        return time.monotonic() - began

    def replica(self) -> None:
        data = self.workdir / "replica"
        self.run(
            str(PG_BIN / "pg_basebackup"),
            *(
                "-h",
                "127.0.0.1",
                "-p",
                str(PRIMARY_PORT),
                "-U",
                "postgres",
                "-D",
                str(data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ),
            pg=True,
        )
        assert (data / "standby.signal").exists(), "pg_basebackup -R writes standby.signal"
        self.start_cluster(data, REPLICA_PORT)
        assert self.sql(REPLICA_PORT, "SELECT pg_is_in_recovery()") == "t"

    def serve(self) -> None:
        log = (self.workdir / "gunicorn.log").open("w")
        self.gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "rembug.wsgi",
                "--bind",
                f"127.0.0.1:{WEB_PORT}",
                *GUNICORN,
            ],
            cwd=REPO,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                requests.get(BASE + "/portal/", timeout=60)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start: see " + str(self.workdir / "gunicorn.log"))

    def stop(self) -> None:
        if self.gunicorn and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            self.gunicorn.wait(timeout=20)
        for data in reversed(self.started):
            self.run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop", pg=True, check=False)

    def counters(self, port: int) -> dict[str, int]:
        row = self.sql(
            port, f"SELECT xact_commit, tup_returned, tup_fetched FROM pg_stat_database WHERE datname = '{DB}'"
        )
        return dict(zip(("xact_commit", "tup_returned", "tup_fetched"), map(int, row.split("|")), strict=True))


def login(session: requests.Session, username: str, password: str) -> None:
    page = session.get(BASE + "/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        BASE + "/masuk/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": BASE + "/masuk/"},
    )
    assert answer.ok and "/masuk/" not in answer.url, f"login of {username} failed"


def reads(response: requests.Response) -> tuple[int, int]:
    match = re.match(r"primary=(\d+) replica=(\d+)", response.headers.get("X-Rembug-Reads", ""))
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def read_heavy_pages(demo: Demo, chair: requests.Session, rounds: int) -> dict:
    anonymous = requests.Session()
    before = {port: demo.counters(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
    pages = {}
    for name, path, signed_in in PAGES:
        client = chair if signed_in else anonymous
        times, split = [], [0, 0]
        for _ in range(rounds):
            began = time.perf_counter()
            response = client.get(BASE + path)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, f"{path}: {response.status_code}"
            primary, replica = reads(response)
            split[0] += primary
            split[1] += replica
        pages[name] = {
            "path": path,
            "p50_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "reads_on_primary": split[0],
            "reads_on_replica": split[1],
        }
    time.sleep(2)  # backends report their statistics when idle, at most once a second
    after = {port: demo.counters(port) for port in (PRIMARY_PORT, REPLICA_PORT)}
    growth = {
        role: {k: after[port][k] - before[port][k] for k in after[port]}
        for role, port in (("primary", PRIMARY_PORT), ("replica", REPLICA_PORT))
    }
    return {"pages": pages, "pg_stat_database_growth": growth}


def read_your_writes(demo: Demo, chair: requests.Session) -> dict:
    """Pause the replica's replay, write through the form, and read the proposal back in the next requests."""
    demo.sql(REPLICA_PORT, "SELECT pg_wal_replay_pause()")
    form = chair.get(f"{BASE}/usulan/baru/{RT_CODE}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    client_token = re.search(r'name="client_token" value="([^"]+)"', form.text).group(1)
    item = re.search(r'<option value="(\d+)"', form.text).group(1)
    title = f"Uji replika {int(time.time())}"
    began = time.perf_counter()
    created = chair.post(
        f"{BASE}/usulan/baru/{RT_CODE}/",
        data={
            "csrfmiddlewaretoken": token,
            "client_token": client_token,
            "title": title,
            "problem": "Saluran tersumbat.",
            "idea": "Perbaikan saluran.",
            "item": item,
            "volume": "10",
            "address": "Jl. Kenanga",
            "beneficiaries": "30",
        },
        headers={"Referer": form.url},
        allow_redirects=False,
    )
    assert created.status_code == 302, f"the proposal was not saved: {created.status_code}"
    detail = chair.get(BASE + created.headers["Location"])
    listing = chair.get(BASE + "/usulan/")
    elapsed = (time.perf_counter() - began) * 1000
    in_replica = demo.sql(REPLICA_PORT, f"SELECT count(*) FROM proposals_proposal WHERE title = '{title}'")
    in_primary = demo.sql(PRIMARY_PORT, f"SELECT count(*) FROM proposals_proposal WHERE title = '{title}'")
    lag_bytes = demo.sql(
        PRIMARY_PORT,
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication",
        db="postgres",
    )
    demo.sql(REPLICA_PORT, "SELECT pg_wal_replay_resume()")
    waited = time.monotonic()
    while demo.sql(REPLICA_PORT, f"SELECT count(*) FROM proposals_proposal WHERE title = '{title}'") != "1":
        time.sleep(0.05)
    caught_up_ms = (time.monotonic() - waited) * 1000
    return {
        "title": title,
        "replica_replay_paused": True,
        "replay_lag_bytes_while_paused": int(lag_bytes or 0),
        "rows_on_primary": int(in_primary),
        "rows_on_replica_while_paused": int(in_replica),
        "writer_detail_status": detail.status_code,
        "writer_detail_shows_title": title in detail.text,
        "writer_detail_reads": dict(zip(("primary", "replica"), reads(detail), strict=True)),
        "writer_list_shows_title": title in listing.text,
        "write_and_two_reads_ms": round(elapsed, 1),
        "pin_cookie_set": "rembug_primary" in chair.cookies,
        "replica_caught_up_after_resume_ms": round(caught_up_ms, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="requests per page")
    parser.add_argument("--timeout", type=int, default=300, help="seconds before everything is stopped")
    parser.add_argument(
        "--source-url",
        default=os.environ.get("REPLICA_SOURCE_URL"),
        help="copy this database (pg_dump) instead of migrating and loading the demo",
    )
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `timeout` or kill: still stop and remove everything
    workdir = Path(tempfile.mkdtemp(prefix="rembug-replica-"))
    os.chmod(workdir, 0o777)  # the postgres user writes its clusters and socket here; removed below
    demo = Demo(workdir, deadline)
    result: dict = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "cores": os.cpu_count()}
    try:
        print("1/5 primary on 5434: initdb, migrate, load_demo (or a copy of --source-url) …", flush=True)
        result["setup_seconds"] = round(demo.primary(args.source_url), 1)
        print("2/5 replica on 5435: pg_basebackup -R (standby mode) …", flush=True)
        demo.replica()
        state = demo.sql(PRIMARY_PORT, "SELECT state, sync_state FROM pg_stat_replication", db="postgres")
        result["replication"] = state
        print(f"    pg_stat_replication on the primary: {state}; replica pg_is_in_recovery() = t", flush=True)
        print("3/5 gunicorn with DATABASE_REPLICA_URL on 127.0.0.1:8734 …", flush=True)
        demo.serve()
        chair = requests.Session()
        login(chair, "rt.lowokwaru", "rembug-demo")
        time.sleep(PIN_SECONDS + 1)  # the login wrote (the session): its pin expires, then the chair reads the replica
        print(f"4/5 read-heavy pages, {args.rounds} requests each …", flush=True)
        result |= read_heavy_pages(demo, chair, args.rounds)
        print("5/5 read your own writes with the replica's replay paused …", flush=True)
        result["read_your_writes"] = read_your_writes(demo, chair)
    finally:
        demo.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report(result)
    out = REPO / "bench" / "results" / f"replica-{datetime.date.today().isoformat()}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"written: {out.relative_to(REPO)}")
    ryw = result["read_your_writes"]
    signed_in = {name for name, _, chair in PAGES if chair}
    ok = (
        # Anonymous pages read nothing from the primary; a signed-in page only its session (PRIMARY_ONLY_APPS).
        all(p["reads_on_primary"] <= (args.rounds if n in signed_in else 0) for n, p in result["pages"].items())
        and sum(p["reads_on_replica"] for p in result["pages"].values()) > 0
        and ryw["writer_detail_shows_title"]
        and ryw["writer_list_shows_title"]
        and ryw["rows_on_replica_while_paused"] == 0
    )
    return 0 if ok else 1


def report(result: dict) -> None:
    print(f"\n{'page':<26}{'p50 ms':>8}{'max ms':>8}{'reads primary':>15}{'reads replica':>15}")
    for name, page in result["pages"].items():
        print(
            f"{name:<26}{page['p50_ms']:>8}{page['max_ms']:>8}"
            f"{page['reads_on_primary']:>15}{page['reads_on_replica']:>15}"
        )
    print("\npg_stat_database growth during the pages:")
    for role, growth in result["pg_stat_database_growth"].items():
        print(f"  {role:<8} " + ", ".join(f"{k} +{v}" for k, v in growth.items()))
    print("\nread your own writes (replica replay paused):")
    for key, value in result["read_your_writes"].items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    sys.exit(main())
