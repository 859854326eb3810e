"""`manage.py criteria list`: every criteria set with its programme, version, source and status."""

from django.core.management.base import BaseCommand

from assessment.models import CriteriaSet
from smedx_portal.programmes import short_name


class Command(BaseCommand):
    help = "Liệt kê các bộ tiêu chí: chương trình, phiên bản, văn bản nguồn, trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list"])

    def handle(self, *args, action, **options):
        for criteria_set in CriteriaSet.objects.order_by("programme", "version").prefetch_related(
            "approvals"
        ):
            marks = []
            if criteria_set.is_legacy:
                marks.append("phiên bản cũ")
            if criteria_set.is_trial:
                marks.append("bộ tiêu chí thử nghiệm của cổng")
            approvals = ", ".join(a.get_ministry_display() for a in criteria_set.approvals.all())
            self.stdout.write(
                f"{short_name(criteria_set.programme)}\tv{criteria_set.version}\t"
                f"{criteria_set.source_label or '—'}\t{criteria_set.get_status_display()}"
                + (f" ({'; '.join(marks)})" if marks else "")
                + (f"\tphê duyệt: {approvals}" if approvals else "")
                + f"\t{criteria_set.title}"
            )
