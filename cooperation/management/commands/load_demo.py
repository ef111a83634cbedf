from django.core.management.base import BaseCommand, CommandError

from cooperation.demo import load_demo


class Command(BaseCommand):
    help = "Load the seed story (Mangystau and Azerbaijan, June 2024). Running it again changes nothing."

    def handle(self, *args, **options):
        result = load_demo()
        if not result.ok:
            raise CommandError(
                "; ".join(f"line {line}: {column}: {message}" for line, column, message in result.errors)
            )
        if options["verbosity"]:
            self.stdout.write(
                f"Demo loaded. Trade figures: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
