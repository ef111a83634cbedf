from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from trade.importers import SourceDefaults, import_file
from trade.models import DataSource


def iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--published: {text!r} is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Import trade figures from a CSV file: this project's format or a UN Comtrade export, told apart by "
        "the header. Nothing is written unless every row is good."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument("--source-publisher", default="")
        parser.add_argument("--source-title", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--source-kind", default="", choices=["", *DataSource.Kind.values])
        parser.add_argument("--source-economy", default="", help="Whose own statistics these are (ISO code).")
        parser.add_argument("--published", type=iso_date, help="YYYY-MM-DD; for UN Comtrade, the download date.")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        defaults = SourceDefaults(
            publisher=options["source_publisher"],
            title=options["source_title"],
            url=options["source_url"],
            kind=options["source_kind"],
            economy_code=options["source_economy"],
            published_on=options["published"],
        )
        bars = {
            "check": tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc="checking", disable=None),
            "write": tqdm(unit=" rows", unit_scale=True, desc="importing", disable=None),
        }
        try:
            result = import_file(
                path, defaults=defaults, dry_run=options["dry_run"], progress=lambda phase, n: bars[phase].update(n)
            )
        finally:
            for bar in bars.values():
                bar.close()
        for line, column, message in result.errors:
            self.stderr.write(f"{path}:{line}: {column}: {message}" if column else f"{path}:{line}: {message}")
        if not result.ok:
            raise CommandError(f"{len(result.errors)} problem(s) found; nothing was written.")
        for label, old, new in result.changes:
            self.stdout.write(f"updated {label}: {old} -> {new}")
        prefix = "Dry run, nothing written. " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{result.format} file, {result.summary()}")
