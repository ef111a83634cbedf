"""The app under load, and through a fault: nothing acknowledged may be lost.

Serves the app under gunicorn (4 workers) on 127.0.0.1 with this process's
DATABASE_URL, then for a bounded time runs readers of every public page
beside writers: an editor adding meetings in the admin, a manager changing
statuses, and a trade import. Half-way through one worker is killed. Then it
checks: no 5xx, no "database is locked", every write that got a success
answer is in the database, the audit history has one entry per write, and
a visitor's page cached before a status change shows the new status after it.

With `--servers 2` (PostgreSQL only) the same runs against several app
servers (gunicorn, 2 workers each) behind nginx from Debian, sharing the
database and a Redis cache of their own (a scratch redis-server): a third of
the way through a worker of the first server is killed, two thirds of the
way Redis is stopped, and pages must go on being served, without a 5xx and
without a stale page, for the rest of the run.

Only loopback traffic; every loop stops by itself. Use a scratch database
(`make load-test` does): it adds what it writes.
"""

import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cooperation.models import Meeting, Proposal, Sector, StatusChange, Visibility
from devtools.management.commands.bench_trade import write_comtrade
from trade.models import Economy, TradeFigure

PASSWORD = "load-test-password-0123"  # noqa: S105 - a throwaway account in a scratch database
FRESH_STATUS = b'<span class="badge badge-status">Under discussion</span>'
PUBLIC_PAGES = ["/", "/proposals/", "/meetings/", "/trade/KZ-47/AZ/", "/trade/", "/healthz", "/proposals/?q=trade"]


class Session:
    """A browser-like client: one keep-alive connection, cookies, CSRF."""

    def __init__(self, port):
        self.port, self.cookies, self.conn = port, {}, None

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn = None
                if attempt or method == "POST":  # a POST whose answer was lost is not retried
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, response.getheader("Location", ""), content

    def csrf_post(self, form_path, path, data):
        self.request("GET", form_path)
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})

    def login(self, username):
        status, _location, _content = self.csrf_post(
            "/accounts/login/", "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        if status != 302:
            raise CommandError(f"login as {username} failed ({status})")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors = Counter()
        self.latencies = []
        self.phase = "start"
        self.by_phase = Counter()  # (phase, status class)
        self.killed_at = None  # a 502 whose request spans the kill was in flight on the killed worker
        self.in_flight_502 = 0

    def record(self, status, seconds):
        ended = time.monotonic()
        with self.lock:
            self.statuses[status // 100 * 100] += 1
            self.by_phase[self.phase, status // 100 * 100] += 1
            self.latencies.append(seconds)
            killed_at = self.killed_at
            if status == 502 and killed_at is not None and ended - seconds <= killed_at + 1.0 and ended >= killed_at:
                self.in_flight_502 += 1

    def error(self, kind):
        with self.lock:
            self.errors[kind] += 1


class Command(BaseCommand):
    help = "Drive the app under gunicorn with readers and writers, kill a worker, check nothing was lost."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--readers", type=int, default=6)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--import-rows", type=int, default=20000)
        parser.add_argument(
            "--servers", type=int, default=1, help="app servers behind nginx, sharing a Redis cache (PostgreSQL only)"
        )

    def handle(self, *args, seconds, readers, port, import_rows, servers, **options):
        if not 1 <= seconds <= 600:
            raise CommandError("--seconds must be between 1 and 600.")
        if not 1 <= servers <= 4:
            raise CommandError("--servers must be between 1 and 4.")
        if servers > 1:
            if connection.vendor != "postgresql":
                raise CommandError("Several app servers share one PostgreSQL database: set DATABASE_URL to it.")
            for program in ("nginx", "redis-server"):
                if not find(program):
                    raise CommandError(f"{program} not found (Debian: apt-get install -y {program.split('-')[0]}).")
        proposals = self.prepare()
        env = {
            **os.environ,
            "DEBUG": "0",
            "HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-secret-key-" + "x" * 30),
            "AXES_FAILURE_LIMIT": "1000",
            "TWO_FACTOR_REQUIRED": "0",  # the staff accounts sign in by password: the load is on the pages
        }
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        with Cluster(port, servers, env) as cluster:
            result = self.drive(cluster, seconds, readers, proposals, env, import_rows)
        self.report(result, cluster.log)

    def prepare(self):
        call_command("load_demo", verbosity=0)
        User = get_user_model()
        for name, group in (("load-editor", "Editors"), ("load-manager", "Managers")):
            user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=group))
        sector = Sector.objects.get(slug="textiles")
        region, partner = Economy.objects.get(code="KZ-47"), Economy.objects.get(code="AZ")
        run = int(time.time())
        proposals = [
            Proposal(
                title=f"Load proposal {run}-{i}",
                slug=f"load-{run}-{i}",
                sector=sector,
                from_economy=region,
                to_economy=partner,
                visibility=Visibility.PUBLIC,
            )
            for i in range(2000)
        ]
        Proposal.objects.bulk_create(proposals)
        return [p.slug for p in proposals]

    def drive(self, cluster, seconds, readers, proposals, env, import_rows):
        port = cluster.port
        stats = Stats()
        stop = threading.Event()
        acked_meetings, acked_changes, stale_reads = [], [], []

        def reader():
            session = Session(port)
            while not stop.is_set():
                path = random.choice(PUBLIC_PAGES)  # noqa: S311
                started = time.perf_counter()
                try:
                    status, _loc, _body = session.request("GET", path)
                    stats.record(status, time.perf_counter() - started)
                except (OSError, http.client.HTTPException):
                    stats.error("connection")

        def meeting_writer():
            session = Session(port)
            session.login("load-editor")
            n = 0
            while not stop.is_set():
                n += 1
                title = f"LOAD meeting {os.getpid()}-{n}"
                data = {
                    "title_en": title, "date": "2025-05-01", "place_en": "Aktau", "kind": "meeting",
                    "visibility": "public", "summary_en": "Load test.", "version": "",
                    "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
                    "raisings-TOTAL_FORMS": "0", "raisings-INITIAL_FORMS": "0",
                }  # fmt: skip
                started = time.perf_counter()
                try:
                    status, location, _ = session.csrf_post(
                        "/admin/cooperation/meeting/add/", "/admin/cooperation/meeting/add/", data
                    )
                    stats.record(status, time.perf_counter() - started)
                    if status == 302 and "/add/" not in location:
                        acked_meetings.append(title)
                except (OSError, http.client.HTTPException):
                    stats.error("connection")
                    session = Session(port)
                    session.login("load-editor")

        def status_writer():
            session, visitor = Session(port), Session(port)
            session.login("load-manager")
            for n, slug in enumerate(proposals):
                if stop.is_set():
                    break
                note = f"LOAD note {os.getpid()}-{n}"  # one run apart from another on the same database
                path = f"/manage/proposals/{slug}/"
                started = time.perf_counter()
                try:
                    visitor.request("GET", f"/proposals/{slug}/")  # the public page, cached as it was
                    status, _loc, _ = session.csrf_post(
                        path, path, {"to": "under_discussion", "expected": "proposed", "note": note}
                    )
                    stats.record(status, time.perf_counter() - started)
                    if status == 302:
                        acked_changes.append(note)
                        # Read your write: the visitor's next view must show the new status, not the cached page.
                        _status, _loc, body = visitor.request("GET", f"/proposals/{slug}/")
                        if FRESH_STATUS not in body:
                            stale_reads.append(slug)
                except (OSError, http.client.HTTPException):
                    stats.error("connection")
                    session = Session(port)
                    session.login("load-manager")

        folder = tempfile.mkdtemp()
        trade_file = Path(folder) / "load.csv"
        reporters, partners = write_comtrade(trade_file, import_rows, seed=1)
        for alpha3 in {*reporters, *partners}:
            Economy.objects.ensure(alpha3)
        figures_before = TradeFigure.objects.count()
        threads = [threading.Thread(target=reader) for _ in range(readers)]
        threads += [threading.Thread(target=meeting_writer), threading.Thread(target=status_writer)]
        for thread in threads:
            thread.start()
        importer = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "import_trade", str(trade_file), "--published", time.strftime("%Y-%m-%d"),
             "--source-title", f"Load test {time.time_ns()}"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        # One server: a worker killed half-way. Several: a worker killed a third of the way, Redis stopped at two.
        kill_at = seconds / 2 if cluster.servers == 1 else seconds / 3
        time.sleep(kill_at)
        stats.phase = "after the kill"
        killed = cluster.kill_a_worker()
        stats.killed_at = time.monotonic()
        if cluster.servers > 1:
            time.sleep(seconds / 3)
            stats.phase = "Redis down"
            cluster.stop_redis()
            time.sleep(seconds / 3)
        else:
            time.sleep(seconds / 2)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        import_output, _ = importer.communicate(timeout=600)
        trade_file.unlink()
        return {
            "stats": stats,
            "meetings": acked_meetings,
            "changes": acked_changes,
            "stale_reads": stale_reads,
            "killed": killed,
            "servers": cluster.servers,
            "import_ok": importer.returncode == 0,
            "import_output": import_output.strip().splitlines()[-1:] if import_output else [],
            "figures_added": TradeFigure.objects.count() - figures_before,
            "import_rows": import_rows,
            "seconds": seconds,
        }

    def report(self, result, server_log):
        stats = result["stats"]
        meetings = result["meetings"]
        found_meetings = Meeting.objects.filter(title__in=meetings)
        history_ok = sum(1 for m in found_meetings if m.history.filter(history_type="+").count() == 1)
        changes = result["changes"]
        found_changes = StatusChange.objects.filter(note__in=changes).count()
        latencies = sorted(stats.latencies)
        requests = sum(stats.statuses.values())
        locked = len(re.findall("database is locked", server_log))
        p = (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000) if latencies else None
        if result["servers"] == 1:
            serving = f"gunicorn 4 workers; worker {result['killed']} killed half-way"
        else:
            serving = (
                f"{result['servers']} app servers (gunicorn, 2 workers each) behind nginx, one shared Redis cache; "
                f"worker {result['killed']} of the first killed a third of the way, Redis stopped at two thirds"
            )
        server_errors = stats.statuses.get(500, 0)
        lines = [
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}",
            f"duration: {result['seconds']} s, {serving}",
            f"requests answered: {requests} ({requests / result['seconds']:,.0f}/s); by class: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(stats.statuses.items())),
            "by phase: "
            + "; ".join(
                f"{phase}: " + ", ".join(f"{k}: {v}" for (p_, k), v in sorted(stats.by_phase.items()) if p_ == phase)
                for phase in dict.fromkeys(p_ for p_, _k in stats.by_phase)
            ),
            f"latency: median {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms" if latencies else "latency: n/a",
            f"connection errors (in flight at the kill): {sum(stats.errors.values())}",
            f"5xx answers: {server_errors}"
            + (f" (502 from nginx for a request in flight on the killed worker: {stats.in_flight_502})"
               if result["servers"] > 1 else ""),
            f"'database is locked' in the server log: {locked}",
            f"meetings acknowledged: {len(meetings)}, found: {found_meetings.count()}, "
            f"with exactly one history entry: {history_ok}",
            f"status changes acknowledged: {len(changes)}, found: {found_changes}; public page stale after the "
            f"change: {len(result['stale_reads'])}",
            f"trade import: {'ok' if result['import_ok'] else 'FAILED'}, {result['figures_added']} of "
            f"{result['import_rows']} figures stored; {' '.join(result['import_output'])}",
        ]  # fmt: skip
        self.stdout.write("\n".join(lines))
        lost = (
            not meetings
            or not changes
            or server_errors - stats.in_flight_502
            or locked
            or found_meetings.count() != len(meetings)
            or history_ok != len(meetings)
            or found_changes != len(changes)
            or result["stale_reads"]
            or not result["import_ok"]
            or result["figures_added"] != result["import_rows"]
        )
        if lost:
            raise CommandError("FAILED: see the figures above.")
        self.stdout.write("PASSED: nothing acknowledged was lost.")


def find(program):
    return shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin")


NGINX_CONF = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # A request that failed on one server is tried on the next, unless it is a POST that reached
            # the server (nginx never repeats a write).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_buffers 32 16k;
        }}
    }}
}}
"""


class Cluster:
    """The app as it is served: one gunicorn, or several behind nginx sharing a scratch Redis."""

    def __init__(self, port, servers, env):
        self.port, self.servers, self.env = port, servers, dict(env)
        self.folder = tempfile.mkdtemp(prefix="load-test-")
        self.processes, self.masters, self.redis, self.log = [], [], None, ""

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def spawn(self, name, command):
        out = open(Path(self.folder) / f"{name}.log", "w")  # noqa: SIM115 - closed with the cluster
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env, stdout=out, stderr=out)  # noqa: S603
        self.processes.append((name, process, out))
        return process

    def gunicorn(self, name, port, workers):
        process = self.spawn(name, [
            sys.executable, "-m", "gunicorn", "cooperation.wsgi", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "10",
        ])  # fmt: skip
        self.masters.append(process.pid)
        wait_until_up(port)

    def start(self):
        if self.servers == 1:
            self.gunicorn("gunicorn", self.port, 4)
            return
        redis_port = self.port + 100
        self.redis = self.spawn("redis", [
            find("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru",
        ])  # fmt: skip
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        ports = [self.port + 1 + n for n in range(self.servers)]
        for n, port in enumerate(ports):
            self.gunicorn(f"gunicorn-{n + 1}", port, 2)
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (Path(self.folder) / temp).mkdir()
        os.chmod(self.folder, 0o755)  # noqa: S103 - nginx's workers may run as another user
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.chmod(Path(self.folder) / temp, 0o777)  # noqa: S103
        upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in ports)
        conf = Path(self.folder) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(folder=self.folder, servers=upstreams, port=self.port))
        self.spawn("nginx", [find("nginx"), "-e", f"{self.folder}/nginx-error.log", "-c", str(conf)])
        wait_until_up(self.port)

    def kill_a_worker(self):
        master = self.masters[0]
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if not children:
            return None
        victim = int(children[0])
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop_redis(self):
        self.redis.kill()
        self.redis.wait(timeout=10)

    def __exit__(self, *exc):
        for _name, process, _out in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        logs = []
        for name, process, out in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            out.close()
            if name.startswith("gunicorn"):
                logs.append((Path(self.folder) / f"{name}.log").read_text())
        self.log = "\n".join(logs)
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_until_up(port):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise CommandError(f"the server on port {port} did not start within 30 s")
