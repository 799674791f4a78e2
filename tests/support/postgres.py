"""A throwaway PostgreSQL server on loopback, for the tests and for ``.ci/run``.

``.ci/run`` starts one for the whole run (the module itself needs only the standard library)::

    python -m tests.support.postgres start DIR   # prints postgresql://postgres@127.0.0.1:PORT/postgres
    python -m tests.support.postgres stop DIR

``initdb`` refuses to run as root; as root every server command goes through
``runuser -u postgres --`` and the data directory is handed to that user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

RUN_AS = "postgres"
INITDB_OPTIONS = "-U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync"
# Durability is pointless for a throwaway server; speed is not.
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<major>/bin`` holding ``initdb`` and ``pg_ctl``, if any."""
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        found = shutil.which("initdb")
        return Path(found).parent if found else None
    major = {Path(p).parent: Path(p).parent.parent.name for p in candidates}
    return max(major, key=lambda bindir: int(major[bindir]) if major[bindir].isdigit() else 0)


def unavailable_reason() -> str | None:
    """Why :func:`start` cannot work on this machine, or ``None`` when it can."""
    if find_bindir() is None:
        return "no PostgreSQL binaries (apt-get install postgresql, or set TESSERA_TEST_PG_URL)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root and there is no {RUN_AS!r} user to run initdb"
    return None


def new_base_dir() -> Path:
    """A new directory for a server, in RAM (``/dev/shm``) when possible.

    On these machines ``CREATE DATABASE`` takes about 15 ms on tmpfs against 100–300 ms on
    disk, even with ``fsync=off``; the suite creates one database per test.
    """
    shm = Path("/dev/shm")
    parent = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="tessera-pg-", dir=parent))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", RUN_AS, "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def start(base_dir: Path, *, attempts: int = 3) -> str:
    """Initialise a cluster under ``base_dir`` and start it on a free port; return its URL.

    Example::

        url = start(new_base_dir())   # postgresql://postgres@127.0.0.1:41234/postgres
    """
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(unavailable_reason())
    base_dir = Path(base_dir).resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam(RUN_AS)
        os.chown(base_dir, user.pw_uid, user.pw_gid)
    data = base_dir / "data"
    _run([str(bindir / "initdb"), "-D", str(data), *INITDB_OPTIONS.split()])
    last_error = ""
    for _ in range(attempts):  # another process may take the port between probe and start
        port = free_port()
        options = f"-k {base_dir} -p {port} {SERVER_OPTIONS}"
        log = str(base_dir / "server.log")
        try:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "start"])
        except subprocess.CalledProcessError as exc:
            last_error = exc.stdout + exc.stderr + _tail(base_dir / "server.log")
            continue
        return f"postgresql://postgres@127.0.0.1:{port}/postgres"
    raise RuntimeError(f"PostgreSQL did not start under {base_dir}:\n{last_error}")


def stop(base_dir: Path, *, remove: bool = True) -> None:
    """Stop the server started under ``base_dir`` (fast shutdown) and delete its files."""
    bindir = find_bindir()
    data = Path(base_dir) / "data"
    if bindir is not None and (data / "postmaster.pid").exists():
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
    if remove:
        shutil.rmtree(base_dir, ignore_errors=True)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or argv[0] not in ("start", "stop"):
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python -m tests.support.postgres start|stop [DIR]", file=sys.stderr)
        return 2
    if argv[0] == "start":
        print(start(Path(argv[1]) if len(argv) == 2 else new_base_dir()))
    else:
        if len(argv) != 2:
            print("stop needs the directory given to start", file=sys.stderr)
            return 2
        stop(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
