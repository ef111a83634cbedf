"""Deterministic large data for benchmarks: the same seed gives the same data.

Bulk inserts only (no audit history for generated rows). Run it on a scratch
database: it adds to what is there.
"""

import datetime
import random
import time
from decimal import Decimal

import pycountry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cooperation import search_index
from cooperation.indicator_store import refresh_all
from cooperation.models import (
    CorridorTarget,
    FollowUp,
    Meeting,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    Raising,
    Sector,
    StatusChange,
    Visibility,
)
from cooperation.names import name_key
from notifications.models import Digest, Profile, Watch
from trade.models import CorridorFigure, DataSource, Economy, Place, ProductGroup, TradeFigure

BATCH = 5000
User = get_user_model()
MAIN_LINE = Proposal.MAIN_LINE


class Command(BaseCommand):
    help = "Generate deterministic large data: economies, officials, meetings, proposals, trade figures."

    def add_arguments(self, parser):
        parser.add_argument("--economies", type=int, default=100)
        parser.add_argument("--officials", type=int, default=5000)
        parser.add_argument("--meetings", type=int, default=50000)
        parser.add_argument("--proposals", type=int, default=20000)
        parser.add_argument("--figures", type=int, default=1000000)
        parser.add_argument("--places", type=int, default=20, help="ports and routes, with ten years of figures each")
        parser.add_argument("--accounts", type=int, default=300, help="staff accounts linked to officials")
        parser.add_argument("--managers", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if Official.objects.filter(slug="scale-official-0").exists():
            raise CommandError("Generated data is already here: run generate_scale on a fresh database.")
        self.rng = random.Random(options["seed"])
        started = time.perf_counter()
        with transaction.atomic():
            economies = self.economies(options["economies"])
            officials, posts = self.officials(options["officials"], economies)
            meetings = self.meetings(options["meetings"], officials, posts)
            self.proposals(options["proposals"], economies, officials, meetings)
            self.places(options["places"], economies)
            self.accounts(options["accounts"], options["managers"], officials)
        self.figures(options["figures"], economies)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would soon after a load this size: plans from real counts
        indicators_started = time.perf_counter()
        computed = refresh_all()  # as after an import: the first reader does not wait for them
        self.stdout.write(f"proposal indicators: {computed:,} in {time.perf_counter() - indicators_started:.1f} s")
        search_started = time.perf_counter()
        indexed = search_index.rebuild()
        self.stdout.write(f"search index: {indexed:,} records in {time.perf_counter() - search_started:.1f} s")
        with connection.cursor() as cursor:
            # Fresh planner statistics and (PostgreSQL) a visibility map, as autovacuum gives a loaded database:
            # without it an index-only scan still reads every row it skips.
            # (VACUUM cannot run inside a transaction, as in a test; ANALYZE alone can.)
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(f"generated in {time.perf_counter() - started:.0f} s: " + ", ".join(
            f"{model.__name__} {model.objects.count():,}"
            for model in (Economy, Official, Meeting, Participation, Proposal, Raising, StatusChange, FollowUp,
                          TradeFigure, Place, CorridorFigure)
        ))  # fmt: skip

    def economies(self, count):
        codes = ["KZ", "AZ", *sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in ("KZ", "AZ"))]
        countries = [Economy.objects.ensure(code) for code in codes[:count]]
        regions = [Economy.objects.ensure(code) for code in ("KZ-47", "KZ-23", "KZ-75")]
        return countries + regions

    def officials(self, count, economies):
        rng = self.rng
        organizations = Organization.objects.bulk_create(
            [
                Organization(name=f"Scale organization {i}", kind=rng.choice(Organization.Kind.values),
                             economy=rng.choice(economies))
                for i in range(max(count // 10, 1))
            ],
            batch_size=BATCH,
        )  # fmt: skip
        officials = Official.objects.bulk_create(
            [
                Official(
                    full_name=f"Scale Official {i}",
                    name_key=name_key(f"Scale Official {i}"),
                    slug=f"scale-official-{i}",
                    economy=rng.choice(economies),
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        posts = Position.objects.bulk_create(
            [
                Position(official=official, title=rng.choice(["Akim", "Deputy minister", "Consul", "Director"]),
                         organization=rng.choice(organizations), start=datetime.date(1995, 1, 1))
                for official in officials
            ],
            batch_size=BATCH,
        )  # fmt: skip
        return officials, {post.official_id: post for post in posts}

    def meetings(self, count, officials, posts):
        rng = self.rng
        start = datetime.date(2000, 1, 1)
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(
                    title=f"Scale meeting {i}",
                    date=start + datetime.timedelta(days=rng.randrange(9500)),
                    place=rng.choice(["Aktau", "Baku", "Astana", "Almaty", "Tashkent"]),
                    summary="Generated for benchmarks.",
                    visibility=rng.choices(Visibility.values, weights=[90, 5, 5])[0],
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )
        participations = []
        for meeting in meetings:
            for j, official in enumerate(rng.sample(officials, rng.randint(2, 4))):
                participations.append(
                    Participation(meeting=meeting, official=official, position=posts[official.pk],
                                  side=Participation.Side.HOST if j == 0 else Participation.Side.PARTNER)
                )  # fmt: skip
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        return meetings

    def proposals(self, count, economies, officials, meetings):
        rng = self.rng
        sectors = list(Sector.objects.all())
        now = timezone.now()
        proposals = []
        for i in range(count):
            status = rng.choice(Proposal.Status.values)
            first, second = rng.sample(economies, 2)
            proposals.append(
                Proposal(
                    title=f"Scale proposal {i}",
                    slug=f"scale-proposal-{i}",
                    summary="Generated for benchmarks: trade, supply and joint projects.",
                    sector=rng.choice(sectors),
                    proposed_by=rng.choice(officials),
                    from_economy=first,
                    to_economy=second,
                    status=status,
                    status_changed_at=now - datetime.timedelta(days=rng.randrange(3000)),
                    visibility=rng.choices(Visibility.values, weights=[90, 5, 5])[0],
                    baseline_year=rng.randrange(2010, 2024),
                )
            )
        proposals = Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        raisings, changes, follow_ups = [], [], []
        today = timezone.localdate()
        for proposal in proposals:
            for meeting in rng.sample(meetings, rng.randint(1, 3)):
                raisings.append(Raising(meeting=meeting, proposal=proposal, raised_by=rng.choice(officials)))
            path = self.path_to(proposal.status)
            when = proposal.status_changed_at - datetime.timedelta(days=30 * len(path))
            for previous, current in zip(["", *path], path, strict=False):
                when += datetime.timedelta(days=30)
                changes.append(StatusChange(proposal=proposal, from_status=previous, to_status=current,
                                            changed_at=when, note="Generated."))  # fmt: skip
            for _ in range(rng.randint(0, 2)):
                due = today + datetime.timedelta(days=rng.randrange(-400, 400))
                follow_ups.append(
                    FollowUp(proposal=proposal, action="Prepare the next step", owner=rng.choice(officials),
                             due_on=due, done_on=due if rng.random() < 0.3 else None,
                             visibility=rng.choice([Visibility.PUBLIC, Visibility.INTERNAL]))
                )  # fmt: skip
        Raising.objects.bulk_create(raisings, batch_size=BATCH, ignore_conflicts=True)
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)

    def places(self, count, economies):
        """Ports and routes with yearly cargo and container figures from one source, and a few proposals naming
        them: corridor pages and proposals' corridor measures at a modest scale (ports are few in real life)."""
        rng = self.rng
        source = DataSource.objects.create(
            publisher="Scale port statistics", title="Generated port figures", kind=DataSource.Kind.OFFICIAL,
            published_on=datetime.date(2024, 3, 1),
        )  # fmt: skip
        places = []
        for i in range(count):
            place = Place.objects.create(code=f"SCALE-{i}", name=f"Scale port {i}", kind=rng.choice(Place.Kind.values))
            place.economies.set(rng.sample(economies, rng.randint(1, 2)))
            places.append(place)
        figures = []
        for place in places:
            tonnes, teu = rng.randrange(500_000, 20_000_000), rng.randrange(1_000, 200_000)
            for year in range(2014, 2024):
                tonnes, teu = int(tonnes * rng.uniform(0.85, 1.25)), int(teu * rng.uniform(0.8, 1.3))
                figures.append(CorridorFigure(
                    place=place, year=year, measure=CorridorFigure.Measure.CARGO, unit=CorridorFigure.Unit.TONNES,
                    value=Decimal(tonnes), value_step=Decimal(1), source=source,
                ))  # fmt: skip
                figures.append(CorridorFigure(
                    place=place, year=year, measure=CorridorFigure.Measure.CONTAINERS, unit=CorridorFigure.Unit.TEU,
                    value=Decimal(teu), value_step=Decimal(1), source=source,
                ))  # fmt: skip
        CorridorFigure.objects.bulk_create(figures, batch_size=BATCH)
        proposal_ids = Proposal.objects.order_by("pk").values_list("pk", flat=True)
        targets = [
            CorridorTarget(proposal_id=pk, place=rng.choice(places), measure=rng.choice(CorridorFigure.Measure.values))
            for pk in proposal_ids
            if places and rng.random() < 0.05
        ]
        CorridorTarget.objects.bulk_create(targets, batch_size=BATCH)

    def accounts(self, count, managers, officials):
        """Staff accounts linked to the first officials (their follow-ups are reminded to them), each
        watching a few proposals; managers with a daily digest and two sectors each."""
        rng = self.rng
        languages = [code for code, _name in settings.LANGUAGES]
        users = User.objects.bulk_create(
            [
                User(username=f"scale-user-{i}", email=f"scale-user-{i}@example.org", is_staff=True,
                     password=make_password(None))
                for i in range(count + managers)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        profiles = Profile.objects.bulk_create(
            [
                Profile(user=user, official=officials[i] if i < count else None, language=languages[i % len(languages)],
                        digest=Digest.DAILY if i >= count else Digest.NEVER)
                for i, user in enumerate(users)
            ],
            batch_size=BATCH,
        )  # fmt: skip
        group = Group.objects.get(name="Managers")
        group.user_set.add(*users[count:])
        sectors = list(Sector.objects.all())
        Profile.sectors.through.objects.bulk_create(
            [
                Profile.sectors.through(profile_id=profile.pk, sector_id=sector.pk)
                for profile in profiles[count:]
                for sector in rng.sample(sectors, min(2, len(sectors)))
            ]
        )
        proposal_ids = list(Proposal.objects.values_list("pk", flat=True))
        Watch.objects.bulk_create(
            [Watch(user=user, proposal_id=pk) for user in users for pk in rng.sample(proposal_ids, 5)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    @staticmethod
    def path_to(status):
        """The statuses a proposal passed through to reach `status`, as history."""
        if status in MAIN_LINE:
            return MAIN_LINE[: MAIN_LINE.index(status) + 1]
        return [Proposal.Status.PROPOSED, Proposal.Status.UNDER_DISCUSSION, status]

    def figures(self, count, economies):
        rng = self.rng
        source, _ = DataSource.objects.get_or_create(
            publisher="Scale generator",
            title="Generated statistics",
            published_on=datetime.date(2026, 1, 1),
            defaults={"kind": DataSource.Kind.OFFICIAL},
        )
        groups = list(ProductGroup.objects.filter(level__in=["total", "chapter"]).order_by("position"))
        countries = [e for e in economies if e.kind == Economy.Kind.COUNTRY]
        # Rows go to the database as plain tuples: a million model instances and their compiled INSERTs
        # cost more than everything else here together. The model's own defaults fill the other columns.
        columns = [f for f in TradeFigure._meta.concrete_fields if not f.primary_key]
        base = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in columns}
        base.update(value_step=1, source_id=source.pk)
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(TradeFigure._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        batch, written = [], 0

        def write():
            nonlocal batch
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":  # one COPY per batch; executemany is a statement per row
                    names = ", ".join(quote(f.column) for f in columns)
                    with cursor.copy(f"COPY {quote(TradeFigure._meta.db_table)} ({names}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, batch)
            batch = []

        def add(**fields):
            nonlocal written
            row = {**base, **fields}
            batch.append(tuple(row[f.attname] for f in columns))
            written += 1
            if len(batch) == BATCH:
                write()

        with transaction.atomic():
            for reporter in countries:
                for partner in countries:
                    if reporter == partner:
                        continue
                    for group in groups:
                        for year in range(2000, 2025):
                            if written + 3 > count:
                                write()
                                return
                            exports, imports = rng.randrange(10**5, 10**10), rng.randrange(10**5, 10**10)
                            key = {"reporter_id": reporter.pk, "partner_id": partner.pk, "year": year,
                                   "product_group_id": group.pk}  # fmt: skip
                            add(measure=TradeFigure.Measure.EXPORT.value, value_usd=exports, **key)
                            add(measure=TradeFigure.Measure.IMPORT.value, value_usd=imports, **key)
                            add(measure=TradeFigure.Measure.TURNOVER.value, value_usd=exports + imports, **key)
            write()
