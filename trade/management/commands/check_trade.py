from django.core.management.base import BaseCommand, CommandError

from trade import checks


class Command(BaseCommand):
    help = (
        "Check every published figure against the values (a change % its values cannot give, from any source; "
        "a turnover that is not exports + imports), rounding allowed for, and bring the stored flags up to date. "
        "Lists flags staff have explained apart; exits non-zero only when some are not explained."
    )

    def handle(self, *args, **options):
        added, removed = checks.check_claims()
        flags = checks.ShownFlags(list(checks.stored_flags()))
        for check in flags.unexplained:
            self.stdout.write(checks.describe(check))
        if flags.explained:
            self.stdout.write(f"\nExplained ({len(flags.explained)}):")
            for check in flags.explained:
                who = check.explained_by or "?"
                self.stdout.write(
                    f"{checks.describe(check)}\n    explained by {who} on {check.explained_at:%Y-%m-%d}: "
                    f"{check.explanation}"
                )
        if added or removed:
            self.stdout.write(f"\n{added} new flag(s), {removed} flag(s) no longer holding.")
        if flags.unexplained:
            raise CommandError(f"{len(flags.unexplained)} inconsistency(ies) found that nobody has explained.")
        if flags.explained:
            self.stdout.write("No unexplained inconsistencies: every other published change and total agrees.")
        else:
            self.stdout.write("No inconsistencies: every published change and total agrees with its values.")
