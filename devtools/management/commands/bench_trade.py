"""Benchmark: import a large UN Comtrade file, then read a pair's series from the full table.

Run it against a scratch database (`make bench-trade` does): it adds the rows it imports.
"""

import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycountry
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries

from trade import indicators
from trade.importers import COMTRADE_HEADER
from trade.models import Economy, ProductGroup, TradeFigure


def write_comtrade(path, rows, seed):
    """A Comtrade-shaped annual file of `rows` distinct figures, the same for the same seed."""
    rng = random.Random(seed)
    countries = sorted(c.alpha_3 for c in pycountry.countries)
    reporters = ["KAZ", "AZE", *countries[:18]]
    partners = countries[:120]
    chapters = [f"{n:02d}" for n in range(1, 98) if n != 77]
    commodities = ["TOTAL", *chapters]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(COMTRADE_HEADER)
        for reporter in reporters:
            for partner in partners:
                if partner == reporter:
                    continue
                for cmd in commodities:
                    for year in range(1995, 2025):
                        for flow in ("X", "M"):
                            if written == rows:
                                return reporters, partners
                            value = rng.randrange(1_000, 900_000_000)
                            f.write(
                                f"C,A,{year}0101,{year},52,{year},0,{reporter},,{flow},,0,{partner},,0,W00,World,"
                                f"HS,HS,true,{cmd},,0,false,C00,,0,0,,-1,N/A,0,false,-1,N/A,0,false,0,false,0,false,,"
                                f"{value},{value},0,true,false\n"
                            )
                            written += 1
    return reporters, partners


class Command(BaseCommand):
    help = "Time a large UN Comtrade import (peak memory too) and the engine's read of one pair."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reads", type=int, default=30)

    def handle(self, *args, rows, seed, reads, **options):
        engine = connection.vendor
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "comtrade.csv"
            started = time.perf_counter()
            reporters, partners = write_comtrade(path, rows, seed)
            self.stdout.write(f"generated {rows:,} rows ({path.stat().st_size / 1e6:,.0f} MB) in "
                              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
            for alpha3 in {*reporters, *partners}:
                country = pycountry.countries.get(alpha_3=alpha3)
                Economy.objects.ensure(country.alpha_2)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run(  # noqa: S603 - our own command, our own arguments
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_trade", str(path),
                 "--published", "2026-01-01"],
                check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        stored = TradeFigure.objects.count()
        kz, az = Economy.objects.get(code="KZ"), Economy.objects.get(code="AZ")
        total = ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)
        timings = []
        for _ in range(reads):
            started = time.perf_counter()
            series = indicators.pair_series(kz, az, total)
            timings.append((time.perf_counter() - started) * 1000)
        settings.DEBUG, debug = True, settings.DEBUG
        reset_queries()
        indicators.pair_series(kz, az, total)
        queries = len(connection.queries)
        settings.DEBUG = debug
        rows_per_s = rows / seconds
        self.stdout.write(
            "\n".join(
                [
                    f"database: {engine}",
                    f"import of {rows:,} UN Comtrade rows: {seconds:.1f} s ({rows_per_s:,.0f} rows/s), "
                    f"peak memory {max(peak, before) / 1024:,.0f} MB",
                    f"figures stored: {stored:,}",
                    f"pair_series(KZ, AZ, TOTAL): {len(series.rows)} periods, {queries} query, "
                    f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms over {reads} reads",
                ]
            )
        )
