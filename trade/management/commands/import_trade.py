import getpass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from trade.importers import SourceDefaults
from trade.models import DataSource, validate_web_url
from trade.services import import_path


def iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--published: %(text)s is not a date in the form YYYY-MM-DD.") % {"text": repr(text)}
        ) from None


def web_url(text):
    """--source-url: the same rule as the admin (http and https only), checked before anything is read."""
    text = text.strip()
    if text:
        try:
            validate_web_url(text)
        except ValidationError:
            raise CommandError(
                _("--source-url: %(text)s is not a web address starting with http:// or https://.")
                % {"text": repr(text)}
            ) from None
    return text


def system_account():
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this process's user id
        return ""


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _(
            "Import trade figures from a CSV file: this project's format or a UN Comtrade export, told apart by "
            "the header. Nothing is written unless every row is good."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Check and count; write nothing."))
        parser.add_argument("--source-publisher", default="")
        parser.add_argument("--source-title", default="")
        parser.add_argument("--source-url", default="", type=web_url)
        parser.add_argument("--source-kind", default="", choices=["", *DataSource.Kind.values])
        parser.add_argument("--source-economy", default="", help=_("Whose own statistics these are (ISO code)."))
        parser.add_argument("--published", type=iso_date, help=_("YYYY-MM-DD; for UN Comtrade, the download date."))
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=_("The account the history names for this import (the server account is kept too)."),
        )

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("--user: there is no user %(user)s.") % {"user": repr(options["user"])})
        defaults = SourceDefaults(
            publisher=options["source_publisher"],
            title=options["source_title"],
            url=options["source_url"],
            kind=options["source_kind"],
            economy_code=options["source_economy"],
            published_on=options["published"],
        )
        bars = {
            "check": tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc=_("checking"), disable=None),
            "write": tqdm(unit=" " + _("rows"), unit_scale=True, desc=_("importing"), disable=None),
        }
        try:
            record, result = import_path(
                path,
                defaults=defaults,
                by=user,
                system_user=system_account(),
                dry_run=options["dry_run"],
                progress=lambda phase, n: bars[phase].update(n),
            )
        finally:
            for bar in bars.values():
                bar.close()
        for line, column, message in result.errors:
            self.stderr.write(f"{path}:{line}: {column}: {message}" if column else f"{path}:{line}: {message}")
        if not result.ok:
            raise CommandError(_("%(count)s problem(s) found; nothing was written.") % {"count": len(result.errors)})
        for label, old, new in result.changes:
            self.stdout.write(_("updated %(label)s: %(old)s -> %(new)s") % {"label": label, "old": old, "new": new})
        report = _("%(format)s file, %(summary)s") % {"format": result.format, "summary": result.summary()}
        if options["dry_run"]:
            report = _("Dry run, nothing written. %(result)s") % {"result": report}
        self.stdout.write(report)
        if record is not None:
            self.stdout.write(
                _("Recorded as trade import #%(pk)s (SHA-256 %(checksum)s).")
                % {"pk": record.pk, "checksum": record.checksum}
            )
