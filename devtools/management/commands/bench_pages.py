"""Benchmark every page against the framework's floor, on the current database.

Serves the app under gunicorn on 127.0.0.1, measures each page with wrk
(median and p95 latency, throughput), reports each as a ratio to /healthz
(the floor: the framework with no database work), counts SQL queries per page,
and reads the peak memory of every worker. Prints one table and writes it to
--output. Run it on data from `generate_scale` (`make bench` does both).
"""

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, F
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from cooperation.indicator_store import refresh_all, refresh_pending
from cooperation.models import Meeting, Proposal, ProposalIndicator, Sector, Visibility
from trade.models import TradeFigure
from twofactor.services import PENDING

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %d %d\\n", latency:percentile(50), latency:percentile(95),
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout +
    summary.errors.status))
end
"""


DEEP_LISTS = ["proposal list", "meeting list", "manage: status list", "api: proposal list"]
ADMIN_CHANGE_COLUMN = 9  # "change since baseline" in the admin's proposal list (the checkbox is column 0)


def deep_cursor():
    """The API's cursor for the public proposals' last page of 50 (by title), as DRF writes it."""
    titles = Proposal.objects.filter(visibility=Visibility.PUBLIC).order_by("title").values_list("title", flat=True)
    count = titles.count()
    position = titles[max(count - 51, 0)] if count else ""
    return quote(base64.b64encode(urlencode({"p": position}).encode()).decode())


def busiest_meeting():
    """The meeting with the most participants and proposals raised: the admin's heaviest meeting form."""
    return (
        Meeting.objects.annotate(n=Count("participations", distinct=True) + Count("raisings", distinct=True))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def pages():
    slug = Proposal.objects.filter(visibility=Visibility.PUBLIC, sector__slug="textiles").values_list("slug", flat=True)
    public_count = Proposal.objects.filter(visibility=Visibility.PUBLIC).count()
    last = max(1, public_count // 20)
    manage_last = max(1, Proposal.objects.count() // 25)
    # A proposal whose pair has figures.
    indicator_pk = (
        ProposalIndicator.objects.filter(latest_value__isnull=False).values_list("proposal", flat=True).first()
        or Proposal.objects.values_list("pk", flat=True).first()
    )
    sector_pk = Sector.objects.order_by("pk").values_list("pk", flat=True).first()
    meeting_pk = Meeting.objects.filter(visibility=Visibility.PUBLIC).order_by("-date").values_list("pk", flat=True)[0]
    return [
        ("floor: /healthz", "/healthz", "floor"),
        ("home", "/", "public"),
        ("proposal list, first page", "/proposals/", "public"),
        ("proposal list, deep page", f"/proposals/?page={last}", "public"),
        ("proposal list, filters + search", "/proposals/?sector=textiles&status=proposed&q=joint", "public"),
        ("proposal detail with indicators", f"/proposals/{slug.first()}/", "public"),
        ("meeting list, first page", "/meetings/", "public"),
        ("meeting list, deep page", "/meetings/?page=2000", "public"),
        ("trade pair KZ/AZ", "/trade/KZ/AZ/", "public"),
        ("api: proposal list, first page", "/api/v1/proposals/", "public"),
        ("api: proposal list, deep page", f"/api/v1/proposals/?cursor={deep_cursor()}", "public"),
        ("api: proposal list, filtered", "/api/v1/proposals/?sector=textiles&status=proposed", "public"),
        ("api: proposal detail", f"/api/v1/proposals/{slug.first()}/", "public"),
        ("api: meeting list", "/api/v1/meetings/", "public"),
        ("api: meeting detail", f"/api/v1/meetings/{meeting_pk}/", "public"),
        ("api: trade series KZ/AZ", "/api/v1/trade/KZ/AZ/", "public"),
        ("open data", "/open-data/", "public"),
        ("search: a common word", "/search/?q=trade", "public"),
        ("search: a rare word", "/search/?q=vegetables", "public"),
        ("search: a name in another script", "/search/?q=%D0%9A%D0%B8%D0%BB%D1%8B%D0%B1%D0%B0%D0%B9", "public"),
        ("search: staff, a common word", "/search/?q=meeting", "manage"),
        ("manage: status list, filters + sort", "/manage/proposals/?status=proposed&status=agreed&sort=-days_in_status",
         "manage"),
        ("manage: status list, first page", "/manage/proposals/", "manage"),
        ("manage: status list, deep page", f"/manage/proposals/?page={manage_last}", "manage"),
        ("manage: status list, sorted by change", "/manage/proposals/?sort=-change", "manage"),
        ("manage: status list, moved down", "/manage/proposals/?movement=down&sort=change", "manage"),
        ("manage: summary with movements", "/manage/", "manage"),
        ("admin: meetings", "/admin/cooperation/meeting/", "manage"),
        ("admin: proposals", "/admin/cooperation/proposal/", "manage"),
        ("admin: proposals by change", f"/admin/cooperation/proposal/?o=-{ADMIN_CHANGE_COLUMN}", "manage"),
        ("admin: proposal form with indicators", f"/admin/cooperation/proposal/{indicator_pk}/change/", "form"),
        ("admin: meeting form", f"/admin/cooperation/meeting/{busiest_meeting()}/change/", "form"),
        ("admin: trade figures", "/admin/trade/tradefigure/", "manage"),
        # Pages with little work of their own, beside the goals of the pages above: the site's layout with one
        # query, the search page's frame, and a small API list (7 sectors and their product groups, 2 queries).
        ("reference: login page, no query", "/accounts/login/", "public"),
        ("reference: search page, no words", "/search/", "public"),
        ("reference: api, the sectors list", "/api/v1/sectors/", "public"),
        # Django's admin with next to nothing on it: what any admin page costs before the project's own work.
        ("admin: index", "/admin/", "manage"),
        ("admin: sectors, a short list", "/admin/cooperation/sector/", "manage"),
        ("admin: a sector's form", f"/admin/cooperation/sector/{sector_pk}/change/", "form"),
    ]  # fmt: skip


class Writer:
    """Commits a write every `every` seconds in a thread, as staff saving records beside the readers do."""

    def __init__(self, every):
        self.every, self.count = every, 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        pk = Proposal.objects.filter(visibility=Visibility.PUBLIC).values_list("pk", flat=True).first()
        try:
            while not self.stop.wait(self.every):
                self.count += Proposal.objects.filter(pk=pk).update(version=F("version") + 1)
        finally:
            connection.close()

    def __enter__(self):
        if self.every:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.every:
            self.thread.join()


class Command(BaseCommand):
    help = "Latency, throughput, queries and worker memory of every page, as ratios to the framework's floor."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5)
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--output", default="")
        parser.add_argument("--only", default="", help="measure only the pages whose name holds this text")
        parser.add_argument("--no-refresh", action="store_true", help="skip the indicator refresh figures")
        parser.add_argument("--public-only", action="store_true", help="measure only the visitors' pages")
        parser.add_argument(
            "--write-every",
            type=float,
            default=0,
            help="commit a write (a public proposal saved) every this many seconds while pages are measured",
        )

    def handle(
        self, *args, seconds, connections, workers, port, output, only, no_refresh, write_every, public_only, **options
    ):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed: apt-get install -y wrk")
        refresh_lines = "" if no_refresh else self.measure_refresh()
        user = self.bench_user()
        cookie = self.session_cookie(user)
        targets = [
            page
            for i, page in enumerate(pages())
            if i == 0 or (only in page[0] and (page[2] == "public" or not public_only))
        ]
        queries = self.count_queries(targets, user)
        env = {**os.environ, "DEBUG": "0", "HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1",
               "SECRET_KEY": settings.SECRET_KEY,  # the session cookie below is signed with it
               "API_RATE_ADDRESS": "100000000/hour"}  # wrk: one address, thousands of calls a second  # fmt: skip
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        runs = {}
        with Writer(write_every) as writer:
            for mode, page_cache in (("cached", "1"), ("rendered", "0")):
                self.stderr.write(f"Measuring with PAGE_CACHE={page_cache} ...")
                runs[mode] = self.serve_and_measure({**env, "PAGE_CACHE": page_cache}, targets, port, cookie, seconds,
                                                    connections, workers)  # fmt: skip
        table = self.table(targets, runs, queries, seconds, connections, workers)
        if write_every:
            table += (
                f"\n\nWrites beside the reads: a public proposal saved every {write_every:g} s throughout "
                f"({writer.count:,} committed), each emptying every cached page."
            )
        table += "\n\n" + refresh_lines
        self.stdout.write(table)
        if output:
            Path(output).write_text(table + "\n")

    def serve_and_measure(self, env, targets, port, cookie, seconds, connections, workers):
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "cooperation.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            time.sleep(3)
            results = self.measure(targets, port, cookie, seconds, connections)
            memory = self.worker_memory(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        return results, memory

    def measure_refresh(self):
        """What keeping the stored indicators fresh costs: a full rebuild, and the refresh after one write.

        The refresh after a write runs once, in the first request that reads the indicators (or in the
        command that wrote); the rendered figures above are measured with the indicators already fresh.
        """
        lines = ["Proposal indicators (stored for sorting, refreshed before any read):", ""]
        started = time.perf_counter()
        rebuilt = refresh_all()
        lines.append(f"- full rebuild: {rebuilt:,} proposals in {time.perf_counter() - started:.1f} s.")
        busiest = (
            TradeFigure.objects.filter(reporter__code="KZ", partner__code="AZ").order_by("pk").first()
            or TradeFigure.objects.order_by("pk").first()
        )
        for label, figure in (("the busiest pair (KZ-AZ)", busiest), ("a generated pair", TradeFigure.objects.last())):
            if figure is None:
                continue
            TradeFigure.objects.filter(pk=figure.pk).update(value_usd=figure.value_usd + 1)
            started = time.perf_counter()
            refreshed = refresh_pending()
            elapsed = (time.perf_counter() - started) * 1000
            lines.append(f"- one figure of {label} changed: {refreshed:,} proposals refreshed in {elapsed:.0f} ms.")
            TradeFigure.objects.filter(pk=figure.pk).update(value_usd=figure.value_usd)
            refresh_pending()
        return "\n".join(lines)

    def bench_user(self):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
        return user

    def session_cookie(self, user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[PENDING] = ""  # a session past its second step, as staff work in after signing in
        session.create()
        # A browser holds the CSRF cookie from its first page on; a page is cached per session and CSRF cookie.
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"

    def count_queries(self, targets, user):
        """Queries of a fresh render (the page cache off), and of a page served from the cache."""
        staff = Client(HTTP_HOST="127.0.0.1")
        staff.force_login(user)
        anonymous = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        for name, path, kind in targets:
            client = anonymous if kind in ("public", "floor") else staff
            counted = []
            for page_cache in (False, True):
                with override_settings(PAGE_CACHE=page_cache):
                    client.get(path)  # fills the page cache, sets the CSRF cookie, warms what a first request warms
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                # The session and user lookups of a logged-in request are not the page's own work.
                counted.append(len(captured) - (0 if kind in ("public", "floor") else 2))
            counts[name] = tuple(counted)
        return counts

    def measure(self, targets, port, cookie, seconds, connections):
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(LUA)
        script.close()
        results = {}
        wrk = [shutil.which("wrk"), f"-t{min(2, connections)}", f"-c{connections}"]  # threads <= connections
        for name, path, kind in targets:
            headers = [] if kind in ("public", "floor") else ["-H", f"Cookie: {cookie}"]
            # One unrecorded second first, so every worker has served the page once: the figures are the
            # steady state, and the first render's cost is what the rendered (PAGE_CACHE=0) run shows.
            subprocess.run(  # noqa: S603
                [*wrk, "-d1s", *headers, f"http://127.0.0.1:{port}{path}"],
                capture_output=True, check=True,
            )  # fmt: skip
            run = subprocess.run(  # noqa: S603
                [*wrk, f"-d{seconds}s", "-s", script.name, *headers, f"http://127.0.0.1:{port}{path}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            match = re.search(r"RESULT (\d+) (\d+) ([\d.]+) (\d+) (\d+)", run.stdout)
            if not match:
                raise CommandError(f"wrk gave no result for {path}: {run.stdout} {run.stderr}")
            p50, p95, rps, requests, errors = match.groups()
            results[name] = (int(p50) / 1000, int(p95) / 1000, float(rps), int(requests), int(errors))
        os.unlink(script.name)
        return results

    def worker_memory(self, master_pid):
        peaks = []
        for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return peaks

    def table(self, targets, runs, queries, seconds, connections, workers):
        # The goals of a fresh render: public pages, staff lists, admin change forms.
        limits = {"floor": None, "public": 10, "manage": 25, "form": 40}
        # Sequential requests are judged on the median, as the performance issue measures its goals; under
        # concurrent load, on the p95, where queueing behind slow pages shows.
        judged = 0 if connections == 1 else 1
        basis = "median" if judged == 0 else "p95"
        lines = [
            f"Database: {connection.vendor}; gunicorn {workers} sync workers; wrk {connections} connections, "
            f"{seconds} s per page; data: {Proposal.objects.count():,} proposals and the rest of `generate_scale`.",
            "",
            "Cached: the production setting; visitors' pages are served from the page cache after their first "
            "render (keyed by the database's write stamp, so never stale); a logged-in user's pages are always "
            "rendered. Rendered: `PAGE_CACHE=0`, every request renders the page, as the first view after any "
            f"change does; the goal is judged on it, by the {basis} "
            + ("(sequential requests)." if judged == 0 else "(concurrent requests)."),
            "",
            "| page | queries rendered / cached | cached median ms | cached p95 ms | req/s | median / floor "
            "| p95 / floor | rendered median ms | rendered p95 ms | req/s | median / floor | p95 / floor "
            "| goal (rendered) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        floors = {mode: results[targets[0][0]][:2] for mode, (results, _memory) in runs.items()}

        def ratios(mode, name):
            measured = runs[mode][0][name][:2]
            return [value / floor if floor else 0 for value, floor in zip(measured, floors[mode], strict=True)]

        for name, _path, kind in targets:
            cells = [name, "{} / {}".format(*queries[name])]
            for mode, (results, _memory) in runs.items():
                p50, p95, rps, requests, errors = results[name]
                # Errors (wrk's 2 s timeout or a status >= 400) are shown, not hidden behind an aborted run.
                failed = f" ({errors} of {requests} failed)" if errors else "" if requests else " (no answer in 2 s)"
                cells += [f"{p50:.1f}", f"{p95:.1f}{failed}", f"{rps:,.0f}"]
                cells += [f"{ratio:.1f}x" for ratio in ratios(mode, name)]
            limit = limits[kind]
            if limit is not None:
                _p50, _p95, _rps, requests, errors = runs["rendered"][0][name]
                met = requests and not errors and ratios("rendered", name)[judged] <= limit
                cells.append(f"ok (≤{limit}x)" if met else f"MISSED (≤{limit}x)")
            else:
                cells.append("")
            lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
        lines.append("")
        for mode, (_results, memory) in runs.items():
            lines.append(f"Peak memory per worker (VmHWM), {mode}: {', '.join(f'{m:.0f} MB' for m in memory)}.")
        names = {name for name, _path, _kind in targets}
        deep = [(f"{n}, deep page", f"{n}, first page") for n in DEEP_LISTS if f"{n}, deep page" in names]
        for mode, (results, _memory) in runs.items():
            ratios = ", ".join(f"{d.split(',')[0]} {results[d][1] / results[f][1]:.1f}x" for d, f in deep)
            lines.append(f"Deep page p95 / first page p95, {mode}: {ratios}.")
        return "\n".join(lines)
