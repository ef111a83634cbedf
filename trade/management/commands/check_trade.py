from django.core.management.base import BaseCommand, CommandError

from trade.checks import inconsistencies


class Command(BaseCommand):
    help = (
        "List published figures that contradict each other (a change % its values cannot give, a turnover "
        "that is not exports + imports), rounding allowed for. Exits non-zero when there are any."
    )

    def handle(self, *args, **options):
        count = 0
        for flag in inconsistencies():
            count += 1
            self.stdout.write(str(flag))
        if count:
            raise CommandError(f"{count} inconsistency(ies) found.")
        self.stdout.write("No inconsistencies: every published change and total agrees with its values.")
