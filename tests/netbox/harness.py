"""A throw-away NetBox for `make test-netbox`: PostgreSQL, Redis and NetBox in a scratch folder.

Everything listens on 127.0.0.1 on free ports chosen at start; everything started is stopped and
the scratch folder removed on exit (also on Ctrl-C and SIGTERM). Slow steps are cached under
``~/.cache/dcdsl-netbox/`` keyed by the NetBox version: the NetBox virtual environment (~1 min)
and a dump of the migrated database (migrations take ~7 minutes; a restore takes seconds).

Nothing here is collected by pytest; ``tests/netbox/run.py`` drives it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

NETBOX_VERSION = os.environ.get("DCDSL_NETBOX_VERSION", "4.7.3")
PYNETBOX_SPEC = "pynetbox>=7,<8"
PYTHONS = ("python3.12", "python3.13", "python3.14")  # what NetBox 4.7 supports
PYTHON312 = os.environ.get("DCDSL_NETBOX_PYTHON") or next(
    (
        str(p)
        for p in (
            *sorted(Path.home().glob(".pyenv/versions/3.1[234].*/bin/python")),
            *(Path(w) for w in map(shutil.which, PYTHONS) if w),
        )
        if p.exists()
    ),
    "",
)
CACHE = Path(os.environ.get("DCDSL_NETBOX_CACHE", str(Path.home() / ".cache/dcdsl-netbox")))
# gunicorn processes serving the API: the sync sends several batches at once, and one Django
# process serves one request at a time (the GIL); more than the cores only adds memory.
WORKERS = int(os.environ.get("DCDSL_NETBOX_WORKERS", str(min(4, (os.cpu_count() or 1) + 1))))
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class HarnessError(RuntimeError):
    """A step of the set-up failed; the message says which and what to look at."""


def log(message: str) -> None:
    print(f"[netbox-test {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_tool(name: str) -> str:
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise HarnessError(
            f"PostgreSQL's `{name}` is missing: install the Debian package `postgresql` "
            "(make test-netbox does it when run as root)"
        )
    return found


def run(cmd: list[str], what: str, timeout: float, **kwargs: object) -> str:
    """Run a command to completion; on failure raise with its last output lines."""
    try:
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,  # type: ignore[arg-type]
        )
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"{what}: no result after {timeout:.0f} s ({' '.join(cmd)})") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise HarnessError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


class NetBox:
    """Start with ``with NetBox() as nb:``; ``nb.url`` and ``nb.token`` are then live."""

    def __init__(self) -> None:
        self.scratch = Path(tempfile.mkdtemp(prefix="dcdsl-netbox-"))
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.pg_data = self.scratch / "pgdata"
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.http_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.token = secrets.token_hex(20)
        self.root = self.scratch / "netbox"
        self.venv = CACHE / f"venv-{NETBOX_VERSION}"
        self.dump = CACHE / f"netbox-{NETBOX_VERSION}-migrated.dump"
        # initdb refuses root: run PostgreSQL as the `postgres` user the Debian package creates.
        self.pg_user: str | None = None
        if os.geteuid() == 0:
            try:
                self.pg_user = pwd.getpwnam("postgres").pw_name
            except KeyError as exc:
                raise HarnessError(
                    "running as root but there is no `postgres` user to run PostgreSQL as"
                ) from exc
        self.timings: dict[str, float] = {}

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> NetBox:
        signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            self._timed("venv", self._ensure_venv)
            self._timed("postgresql", self._start_postgres)
            self._timed("redis", self._start_redis)
            self._write_configuration()
            self._timed("database", self._ensure_database)
            self._timed("token", self._create_token)
            self._timed("server", self._start_server)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
                log(f"stopped {name} (pid {process.pid})")
        self.processes.clear()
        if (self.pg_data / "postmaster.pid").exists():
            with contextlib.suppress(HarnessError):
                self._as_pg(
                    [_pg_tool("pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "stop"],
                    "pg_ctl stop",
                    60,
                )
            log("stopped postgresql")
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _timed(self, name: str, step: object) -> None:
        start = time.monotonic()
        step()  # type: ignore[operator]
        self.timings[name] = time.monotonic() - start
        log(f"{name}: {self.timings[name]:.1f} s")

    # --- steps --------------------------------------------------------------------------------

    def _ensure_venv(self) -> None:
        stamp = self.venv / ".dcdsl-installed"
        if stamp.exists():
            log(f"NetBox {NETBOX_VERSION} virtual environment from the cache: {self.venv}")
            return
        if not PYTHON312 or not Path(PYTHON312).exists():
            looked = (
                f"DCDSL_NETBOX_PYTHON={PYTHON312} does not exist"
                if PYTHON312
                else f"no {', '.join(PYTHONS)} on PATH and none in ~/.pyenv/versions"
            )
            raise HarnessError(
                f"NetBox {NETBOX_VERSION} needs Python 3.12 to 3.14 ({looked}): install one "
                "(`pyenv install 3.12`, or `apt-get install python3.12` where the distribution "
                "has it: Debian 13, Ubuntu 24.04) or set DCDSL_NETBOX_PYTHON to it"
            )
        shutil.rmtree(self.venv, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        log(f"installing NetBox {NETBOX_VERSION} into {self.venv} (about a minute)")
        run([PYTHON312, "-m", "venv", str(self.venv)], "creating the NetBox venv", 300)
        run(
            [
                str(self.venv / "bin/pip"),
                "install",
                "--quiet",
                f"netbox=={NETBOX_VERSION}",
                PYNETBOX_SPEC,
            ],
            f"pip install netbox=={NETBOX_VERSION}",
            1200,
        )
        stamp.write_text(NETBOX_VERSION + "\n")

    def _as_pg(self, cmd: list[str], what: str, timeout: float) -> str:
        if self.pg_user is not None:
            cmd = ["runuser", "-u", self.pg_user, "--", *cmd]
        return run(cmd, what, timeout)

    def _start_postgres(self) -> None:
        self.pg_data.mkdir()
        if self.pg_user is not None:
            shutil.chown(self.scratch, user=self.pg_user)
            shutil.chown(self.pg_data, user=self.pg_user)
        self._as_pg(
            [
                _pg_tool("initdb"),
                "-D",
                str(self.pg_data),
                "--username=netbox",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ],
            "initdb",
            300,
        )
        # Throw-away data: no durability (fsync, commit waits, full-page images, WAL beyond
        # crash recovery), checkpoints only by size; no JIT (it compiles NetBox's many-join
        # list queries for longer than they run).
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.pg_port} "
            f"-c unix_socket_directories={self.scratch} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal "
            "-c max_wal_senders=0 -c max_wal_size=4GB -c checkpoint_timeout=1h "
            "-c shared_buffers=256MB -c jit=off"
        )
        self._as_pg(
            [
                _pg_tool("pg_ctl"),
                "-D",
                str(self.pg_data),
                "-o",
                options,
                "-l",
                str(self.scratch / "postgres.log"),
                "-w",
                "-t",
                "120",
                "start",
            ],
            f"starting PostgreSQL on 127.0.0.1:{self.pg_port} (log: postgres.log)",
            180,
        )
        log(f"postgresql on 127.0.0.1:{self.pg_port}")

    def _start_redis(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            raise HarnessError(
                "redis-server is missing: install the Debian package `redis-server` "
                "(make test-netbox does it when run as root)"
            )
        process = subprocess.Popen(
            [
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.scratch),
                "--protected-mode",
                "yes",
            ],
            stdout=(self.scratch / "redis.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(("redis", process))
        _wait_for(lambda: _tcp_open(self.redis_port), 30, "Redis to accept connections", process)
        log(f"redis on 127.0.0.1:{self.redis_port}")

    def _write_configuration(self) -> None:
        run(
            [str(self.venv / "bin/netbox"), "setup", "--target", str(self.root)],
            "netbox setup",
            120,
        )
        redis = {
            "HOST": "127.0.0.1",
            "PORT": self.redis_port,
            "USERNAME": "",
            "PASSWORD": "",
            "SSL": False,
        }
        config = f"""
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "netbox",
    "USER": "netbox", "PASSWORD": "", "HOST": "127.0.0.1", "PORT": "{self.pg_port}",
    "CONN_MAX_AGE": 300}}}}
REDIS = {{"tasks": {{**{redis!r}, "DATABASE": 0}}, "caching": {{**{redis!r}, "DATABASE": 1}}}}
SECRET_KEY = {secrets.token_urlsafe(50)!r}
API_TOKEN_PEPPERS = {{1: {secrets.token_urlsafe(50)!r}}}
MAX_PAGE_SIZE = 1000
# A throw-away test server: no calls out to the internet (census, release check, plugins).
CENSUS_REPORTING_ENABLED = False
ISOLATED_DEPLOYMENT = True
"""
        (self.root / "conf/configuration.py").write_text(config)

    def netbox(self, *args: str, what: str, timeout: float) -> str:
        env = {**os.environ, "NETBOX_ROOT": str(self.root)}
        return run([str(self.venv / "bin/netbox"), *args], what, timeout, env=env)

    def _client(self, tool: str, *args: str) -> list[str]:
        """A PostgreSQL client command against the scratch cluster (trust auth, loopback)."""
        return [_pg_tool(tool), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "netbox", *args]

    def _ensure_database(self) -> None:
        run(
            self._client(
                "psql",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                "CREATE DATABASE netbox",
            ),
            "creating the netbox database",
            120,
        )
        if self.dump.exists():
            log(f"restoring the migrated database from the cache: {self.dump}")
            run(
                self._client(
                    "pg_restore", "-d", "netbox", "--no-owner", "--exit-on-error", str(self.dump)
                ),
                "pg_restore of the cached NetBox database",
                600,
            )
            # A cached dump must be complete: `migrate` then has nothing to do and is quick.
            self.netbox("migrate", "--no-input", what="netbox migrate (check)", timeout=900)
            return
        log(f"running NetBox {NETBOX_VERSION} migrations (6 to 13 minutes on a cold cache)")
        self.netbox("migrate", "--no-input", what="netbox migrate", timeout=2700)
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = self.dump.with_suffix(".partial")
        run(
            self._client("pg_dump", "-Fc", "-f", str(partial), "netbox"),
            "pg_dump of the migrated database",
            600,
        )
        partial.replace(self.dump)  # atomic: a cut-short run never leaves a half dump
        log(f"cached the migrated database: {self.dump}")

    def _create_token(self) -> None:
        script = (
            "from users.models import Token, User\n"
            "user = User.objects.create_superuser('dcdsl', 'dcdsl@example.invalid', None)\n"
            f"Token(user=user, version=1, token={self.token!r}, write_enabled=True).save()\n"
        )
        self.netbox(
            "shell", "--no-imports", "-c", script, what="creating an API token", timeout=300
        )

    def _start_server(self) -> None:
        """gunicorn as NetBox deploys it (contrib/gunicorn.py), with WORKERS processes forked
        from one loaded copy (--preload) and a timeout long enough for a batch of cables."""
        env = {
            **os.environ,
            "NETBOX_ROOT": str(self.root),
            "DJANGO_SETTINGS_MODULE": "netbox.settings",
        }
        process = subprocess.Popen(
            [
                str(self.venv / "bin/gunicorn"),
                "--bind",
                f"127.0.0.1:{self.http_port}",
                "--workers",
                str(WORKERS),
                "--threads",
                "1",
                "--timeout",
                "900",
                "--preload",
                "--access-logfile",
                "-",
                "netbox.wsgi",
            ],
            stdout=(self.scratch / "netbox.log").open("wb"),
            stderr=subprocess.STDOUT,
            env=env,
        )
        self.processes.append(("netbox", process))
        _wait_for(
            self._api_ready,
            180,
            f"NetBox's API at {self.url}/api/status/",
            process,
            self.scratch / "netbox.log",
        )
        log(f"netbox at {self.url} (gunicorn, {WORKERS} workers)")

    def _api_ready(self) -> bool:
        request = urllib.request.Request(
            f"{self.url}/api/status/", headers={"Authorization": f"Token {self.token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def version(self) -> str:
        return self.netbox("version", what="netbox version", timeout=60).strip()


def _tcp_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(
    ready: object,
    timeout: float,
    what: str,
    process: subprocess.Popen[bytes],
    log_file: Path | None = None,
) -> None:
    """Poll ``ready()`` every half second until it holds, the process dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():  # type: ignore[operator]
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    tail = ""
    if log_file is not None and log_file.exists():
        tail = "\n" + "\n".join(log_file.read_text(errors="replace").splitlines()[-30:])
    state = f"it exited with {process.returncode}" if process.poll() is not None else "timed out"
    raise HarnessError(f"waiting for {what}: {state} after {timeout:.0f} s{tail}")


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


if __name__ == "__main__":  # bring one up by hand: python tests/netbox/harness.py
    with NetBox() as nb:
        print(f"NetBox {nb.version()} at {nb.url}, token {nb.token}; Ctrl-C stops it")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)
