from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trade import consistency, corridor_series


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _(
            # xgettext:no-python-format
            "Check every published figure against the values (a change % its values cannot give, from any source; "
            "a turnover that is not exports + imports), rounding allowed for, and bring the stored flags up to date. "
            "Lists flags staff have explained apart; checks the published changes of port and route figures too. "
            "Exits non-zero only when some are not explained."
        )

    def handle(self, *args, **options):
        added, removed = consistency.check_claims()
        flags = consistency.ShownFlags(list(consistency.stored_flags()))
        for check in flags.unexplained:
            self.stdout.write(consistency.describe(check))
        if flags.explained:
            self.stdout.write("\n" + _("Explained (%(count)s):") % {"count": len(flags.explained)})
            for check in flags.explained:
                who = check.explained_by or "?"
                self.stdout.write(
                    f"{consistency.describe(check)}\n    "
                    + _("explained by %(who)s on %(date)s: %(explanation)s")
                    % {"who": who, "date": f"{check.explained_at:%Y-%m-%d}", "explanation": check.explanation}
                )
        if added or removed:
            self.stdout.write(
                "\n"
                + _("%(added)s new flag(s), %(removed)s flag(s) no longer holding.")
                % {"added": added, "removed": removed}
            )
        corridor = list(corridor_series.all_flags())
        for claim in corridor:
            self.stdout.write(f"{claim} [{claim.figure.source}]")
        unexplained = len(flags.unexplained) + len(corridor)
        if unexplained:
            raise CommandError(
                _("%(count)s inconsistency(ies) found that nobody has explained.") % {"count": unexplained}
            )
        if flags.explained:
            self.stdout.write(_("No unexplained inconsistencies: every other published change and total agrees."))
        else:
            self.stdout.write(_("No inconsistencies: every published change and total agrees with its values."))
