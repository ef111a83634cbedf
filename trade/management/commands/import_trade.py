from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trade.importers import SourceDefaults, import_native


class Command(BaseCommand):
    help = "Import trade figures from a CSV file. Nothing is written unless every row is good."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--source-publisher", default="")
        parser.add_argument("--source-title", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        defaults = SourceDefaults(
            publisher=options["source_publisher"],
            title=options["source_title"],
            url=options["source_url"],
            published_on=options["published"],
        )
        result = import_native(path.read_bytes(), defaults=defaults, dry_run=options["dry_run"])
        for line, column, message in result.errors:
            self.stderr.write(f"{path}:{line}: {column}: {message}")
        if not result.ok:
            raise CommandError(f"{len(result.errors)} problem(s); nothing was written.")
        for label, old, new in result.changes:
            self.stdout.write(f"updated {label}: {old} -> {new}")
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{result.rows} rows: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
