"""Demo data for `make run`. Lives in `reports`, the app at the top of the dependency order,
because it calls every app's `demo` module (see DESIGN.md: an app imports only apps to its right)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.demo import approve_and_publish_demo
from businesses.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_businesses
from campaigns.demo import load_demo_campaigns
from experts.demo import load_demo_experts
from platforms.demo import load_demo_platforms
from reports.demo import load_demo_reports


class Command(BaseCommand):
    help = "Load a small demo data set (idempotent; refused in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is not loaded in production.")
        criteria = approve_and_publish_demo()  # the files carry no approvals: demo staff record them
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: {len(criteria)} criteria sets approved and published.")
        )
        businesses = load_demo_businesses()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {len(businesses)} businesses."))
        platforms = load_demo_platforms()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {len(platforms)} platforms."))
        experts = load_demo_experts()
        self.stdout.write(self.style.SUCCESS(f"Demo data: {len(experts)} certified experts."))
        campaigns = load_demo_campaigns()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: {campaigns['articles']} articles, {campaigns['events']} events.")
        )
        reports = load_demo_reports()  # last: counts what the loaders above created
        self.stdout.write(
            self.style.SUCCESS(f"Demo data: dashboards ready, {reports['segments']} segment cells.")
        )
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for phone, name, role, _province, _staff in DEMO_USERS:
            self.stdout.write(f"  {phone}  {name} ({role})")
