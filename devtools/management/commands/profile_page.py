"""Where a page's time goes: fresh renders in-process (page cache off) under pyinstrument.

Prints the time per render, the share of it spent in each part of the stack (by the file the
sampled code is in), and the functions with the most time of their own.
"""

import re
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from pyinstrument import Profiler

from devtools.management.commands.bench_pages import Command as Bench

PARTS = [
    ("Django templates", r"/django/template(tags)?/"),
    ("django-tables2", r"/django_tables2/"),
    ("Django forms and widgets", r"/django/forms/"),
    ("Django admin", r"/django/contrib/admin/"),
    ("ORM and database driver", r"/django/db/|/psycopg/|sqlite3"),
    ("this project", r"/(cooperation|trade|pagecache)/"),
    ("other Django code: lazy text, escaping, middleware", r"/django/|/asgiref/|/whitenoise/|/csp/|/axes/"),
]


OTHER = "Python and Django core"


def part(path):
    return next((name for name, pattern in PARTS if re.search(pattern, path or "")), None)


def self_times(frame, by_part, by_function, caller=None, owner=OTHER):
    # pyinstrument's "[self]" leaves carry no file: their time is their caller's own. Time in the standard
    # library or builtins (inspect, getattr) is counted to the nearest caller in a named part.
    where = caller if frame.is_synthetic else frame
    if where is not None and not frame.is_synthetic:
        owner = part(where.file_path) or owner
    for child in frame.children:
        self_times(child, by_part, by_function, where, owner)
    own = frame.total_self_time
    if where is not None and own:
        by_part[owner] += own
        by_function[f"{where.function}  {where.file_path_short}:{where.line_no}"] += own


class Command(BaseCommand):
    help = "Profile fresh renders of one page (pyinstrument): `profile_page /manage/proposals/ --staff`."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--staff", action="store_true", help="as the benchmark's logged-in superuser")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--top", type=int, default=12)

    def handle(self, *args, path, staff, repeat, top, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        if staff:
            client.force_login(Bench().bench_user())
        with override_settings(PAGE_CACHE=False):
            if client.get(path).status_code != 200:
                raise CommandError(f"{path} does not answer 200")
            profiler = Profiler()
            with profiler:
                for _ in range(repeat):
                    client.get(path)
        session = profiler.last_session
        by_part, by_function = Counter(), Counter()
        self_times(session.root_frame(), by_part, by_function)
        total = sum(by_part.values()) or 1
        self.stdout.write(f"{path}: {session.duration / repeat * 1000:.1f} ms per render ({repeat} renders)")
        for name, seconds in by_part.most_common():
            self.stdout.write(f"  {seconds / total:6.1%}  {name}")
        self.stdout.write("Most time of their own:")
        for name, seconds in by_function.most_common(top):
            self.stdout.write(f"  {seconds / total:6.1%}  {name}")
