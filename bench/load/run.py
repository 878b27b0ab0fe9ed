"""Deadline day under load, bounded in time (issue 14, point 7): `make bench-load` (and `make bench-load PEAK=1`).

Serves Rembug with gunicorn on 127.0.0.1 with the production settings (DEBUG off, a secret key, PostgreSQL from
BENCH_DATABASE_URL, WhiteNoise with its manifest), makes the 4,335 accounts (bench/load/accounts.py), runs the
Locust scenario of bench/load/locustfile.py headless for --minutes, stops everything, and writes the request
count, failures and p50/p95/p99 per endpoint to bench/results/load-<scenario>-<date>.json.

The rate: 4,278 Ketua RT + 57 operators each come once in the deadline hour, 1.20 sessions a second. A session is
about 11 pages with a person's pause of 1–3 s between them (~25 s), so ~30 simulated people at a time give the
hour's rate; --peak gives ten times that. The numbers actually reached are measured and written, not assumed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from functools import partial
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HOST, PORT = "127.0.0.1", 8735  # loopback only
OWN_PG_PORT = 5436


def workers_option(args) -> list[str]:
    return ["--workers", str(args.workers), "--timeout", "60"]


HOUR_SESSIONS = 4278 + 57
USERS_AT_HOUR_RATE = 30


def environment(database_url: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REMBUG_", "DATABASE_"))}
    return keep | {
        "DJANGO_SETTINGS_MODULE": "rembug.settings",
        "DJANGO_SECRET_KEY": "load-" + os.urandom(24).hex(),
        "DATABASE_URL": database_url,
        "REMBUG_VAR_DIR": str(REPO / "var"),
        "PYTHONPATH": str(REPO),
    }


def prepare(env: dict[str, str]) -> None:
    """The database migrated, with the demo and the 4,335 accounts (created on first use; the demo takes minutes)."""
    python = sys.executable
    url = urllib.parse.urlparse(env["DATABASE_URL"])
    subprocess.run(
        [
            *("createdb", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)),
            *("-U", url.username or "postgres", url.path.lstrip("/")),
        ],
        capture_output=True,
        check=False,  # it exists already
    )
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True, timeout=900)
    if not (REPO / "var" / "static" / "staticfiles.json").exists():
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    ready = subprocess.run(
        [python, "-c", "import django;django.setup();from rembug.cycles.models import PlanningCycle as C;"
         "print(C.objects.filter(city__code='35.73').exists())"],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if ready.stdout.strip() != "True":
        subprocess.run([python, "manage.py", "load_demo"], cwd=REPO, env=env, check=True, timeout=900)
    subprocess.run([python, str(HERE / "accounts.py")], cwd=REPO, env=env, check=True, timeout=300)


def region_codes(env: dict[str, str]) -> tuple[str, str]:
    script = (
        "import django;django.setup();from rembug.regions.models import Region as R;"
        "print(','.join(R.objects.filter(city__code='35.73',level='rt').order_by('?').values_list('code',flat=True)));"
        "print(','.join(R.objects.filter(city__code='35.73',level='kelurahan').order_by('?').values_list('code',flat=True)))"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    rts, kels = out.stdout.strip().splitlines()
    return rts, kels


def password_check_ms() -> dict[str, float]:
    """One PBKDF2 check as Django's default hasher does it: its CPU time (the machine's, whatever shares it) and its
    wall time now (what a sign-in waited for it during the run)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    cpu, wall = time.process_time(), time.perf_counter()
    hashlib.pbkdf2_hmac("sha256", b"password", b"salt", PBKDF2PasswordHasher.iterations)
    return {
        "cpu_ms": round((time.process_time() - cpu) * 1000, 1),
        "wall_ms": round((time.perf_counter() - wall) * 1000, 1),
    }


def summarize(prefix: Path, args, users: int, load_before: tuple, load_after: tuple) -> dict:
    with Path(f"{prefix}_stats.csv").open() as stats:
        rows = list(csv.DictReader(stats))
    endpoints = {}
    for row in rows:
        endpoints[row["Name"]] = {
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
            "max_ms": round(float(row["Max Response Time"] or 0), 1),
            "rps": round(float(row["Requests/s"] or 0), 2),
        }
    total = endpoints.pop("Aggregated")
    sessions = sum(v["requests"] for k, v in endpoints.items() if k == "sign in")
    failures_path = Path(f"{prefix}_failures.csv")
    failures = []
    if failures_path.exists():
        with failures_path.open() as errors:
            failures = list(csv.DictReader(errors))
    return {
        "scenario": "peak (10x the deadline hour)" if args.peak else "deadline hour",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "one_password_check": password_check_ms(),
        },
        "server": f"gunicorn {args.workers} sync workers, DEBUG off, PostgreSQL, WhiteNoise",
        "users": users,
        "minutes": args.minutes,
        "sessions_started": sessions,
        "sessions_per_second": round(sessions / (args.minutes * 60), 2),
        "hour_rate_sessions_per_second": round(HOUR_SESSIONS / 3600 * (10 if args.peak else 1), 2),
        "total": total,
        "worst_p99_except_sign_in_ms": max(
            (e["p99_ms"] for n, e in endpoints.items() if not n.startswith("sign in")), default=0
        ),
        "endpoints": endpoints,
        "failures": [{"name": f["Name"], "error": f["Error"][:300], "count": int(f["Occurrences"])} for f in failures],
    }


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) of a process and all its children, living and ended: what serving cost."""
    if pid is None:
        return None
    parent = psutil.Process(pid)
    total = sum(parent.cpu_times()[:4])  # user, system, and the children it has waited for
    for child in parent.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:4])
        except psutil.NoSuchProcess:
            continue
    return total


def postmaster_pid(workdir: Path | None) -> int | None:
    pid_file = workdir / "pg" / "postmaster.pid" if workdir else None
    return int(pid_file.read_text().split()[0]) if pid_file and pid_file.exists() else None


def cpu_report(result: dict, before: tuple, after: tuple, args) -> dict:
    """CPU seconds the server (and our own PostgreSQL) spent per session: the load this machine must carry,
    whatever else shares it. Cores needed = sessions a second × CPU seconds a session."""
    sessions = max(1, result["sessions_started"])
    server = after[0] - before[0]
    database = after[1] - before[1] if after[1] is not None and before[1] is not None else None
    per_session = (server + (database or 0)) / sessions
    return {
        "cpu": {
            "server_cpu_seconds": round(server, 1),
            "database_cpu_seconds": round(database, 1) if database is not None else None,
            # What the server got of the machine: far below its 2 cores when other work shares it.
            "cores_used_on_average": round((server + (database or 0)) / (args.minutes * 60), 2),
            "cpu_seconds_per_session": round(per_session, 2),
            "cores_needed_at_the_hour_rate": round(per_session * HOUR_SESSIONS / 3600, 2),
            "cores_needed_at_ten_times_the_rate": round(per_session * HOUR_SESSIONS / 360, 2),
        }
    }


def own_postgres(source_url: str, workdir: Path) -> str:
    """A PostgreSQL of the bench's own (default settings, fsync on) on port 5436, holding a copy of `source_url`.

    Its processes are ours, so the CPU it spends serving can be counted (cpu_report); the shared server on 5432 is
    only read (pg_dump), never reconfigured.
    """
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    workdir.chmod(0o777)  # the postgres user writes its cluster and socket here; removed by main()
    data = workdir / "pg"
    pg_bin = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
    run = partial(subprocess.run, check=True, capture_output=True, timeout=600)
    run([*as_postgres, str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{workdir}'\nmax_connections = 200\n")
    log = workdir / "pg.log"
    run(
        [
            *as_postgres,
            str(pg_bin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            f"-p {OWN_PG_PORT}",
            "-w",
            "start",
        ]
    )
    run(["psql", "-h", "127.0.0.1", "-p", str(OWN_PG_PORT), "-U", "postgres", "-c", "CREATE DATABASE rembug_load"])
    url = f"postgres://postgres@127.0.0.1:{OWN_PG_PORT}/rembug_load"
    dump = run(["pg_dump", "--no-owner", source_url]).stdout
    run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=dump)
    return url


def stop_own_postgres(workdir: Path) -> None:
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    pg_ctl = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")) / "pg_ctl"
    subprocess.run([*as_postgres, str(pg_ctl), "-D", str(workdir / "pg"), "-m", "fast", "-w", "stop"], check=False)
    shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--peak", action="store_true", help="ten times the deadline hour's rate")
    parser.add_argument("--users", type=int, help="simulated people at a time (default: from the rate)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rembug_load"),
    )
    parser.add_argument("--own-postgres", action="store_true", help="copy the database into a PostgreSQL of our own")
    parser.add_argument("--label", default="", help="added to the result's file name")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and the database on the way out
    users = args.users or USERS_AT_HOUR_RATE * (10 if args.peak else 1)
    prepare(environment(args.database_url))
    workdir = Path(tempfile.mkdtemp(prefix="rembug-load-pg-"))
    try:
        database_url = own_postgres(args.database_url, workdir) if args.own_postgres else args.database_url
        return serve_and_load(args, users, database_url, workdir if args.own_postgres else None)
    finally:
        if args.own_postgres:
            stop_own_postgres(workdir)
        shutil.rmtree(workdir, ignore_errors=True)


def serve_and_load(args, users: int, database_url: str, pg_dir: Path | None) -> int:
    arrivals = round(HOUR_SESSIONS / 3600 * (10 if args.peak else 1), 2)  # people start as they would arrive
    operators = max(1, round(users * 57 / HOUR_SESSIONS * 5))  # their sessions are ~5 times shorter than a chair's
    env = environment(database_url)
    rts, kels = region_codes(env)
    log = (REPO / "var" / "load-gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "rembug.wsgi", "--bind", f"{HOST}:{PORT}", *workers_option(args)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                requests.get(f"http://{HOST}:{PORT}/masuk/", timeout=60)
                break
            except requests.RequestException:
                time.sleep(0.2)
        load_before = os.getloadavg()
        cpu_before = cpu_seconds(server.pid), cpu_seconds(postmaster_pid(pg_dir))
        prefix = Path(tempfile.mkdtemp(prefix="rembug-load-")) / "locust"
        subprocess.run(
            [
                *(
                    str(BIN / "locust"),
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "--host",
                    f"http://{HOST}:{PORT}",
                ),
                *("-u", str(users), "-r", str(arrivals), "--run-time", f"{int(args.minutes * 60)}s"),
                *("--stop-timeout", "30", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
            ],
            env=os.environ | {"LOAD_RT_CODES": rts, "LOAD_KELURAHAN_CODES": kels, "LOAD_OPERATORS": str(operators)},
            timeout=args.minutes * 60 + 120,
            check=False,
        )
        load_after = os.getloadavg()
        cpu_after = cpu_seconds(server.pid), cpu_seconds(postmaster_pid(pg_dir))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = summarize(prefix, args, users, load_before, load_after)
    shutil.rmtree(prefix.parent, ignore_errors=True)
    result["database"] = "own PostgreSQL 15 (default settings), a copy" if args.own_postgres else "given PostgreSQL"
    result |= cpu_report(result, cpu_before, cpu_after, args)
    label = f"-{args.label}" if args.label else ""
    name = f"load-{'peak' if args.peak else 'hour'}{label}-{datetime.date.today().isoformat()}.json"
    out = REPO / "bench" / "results" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\n{'endpoint':<30}{'requests':>9}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}")
    for name_, e in [*result["endpoints"].items(), ("ALL", result["total"])]:
        print(
            f"{name_:<30}{e['requests']:>9}{e['failures']:>6}{e['p50_ms']:>7.0f}{e['p95_ms']:>7.0f}{e['p99_ms']:>7.0f}"
        )
    print(
        f"sessions/s {result['sessions_per_second']} (the hour's rate: {result['hour_rate_sessions_per_second']}); "
        f"load average {load_before[0]:.1f} → {load_after[0]:.1f}; one password check "
        f"{result['machine']['one_password_check']}; CPU {result['cpu']}; written: {out.relative_to(REPO)}"
    )
    return 0 if result["total"]["failures"] == 0 and result["total"]["p99_ms"] < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
