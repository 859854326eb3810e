"""Load criteria files (YAML) as drafts; a file marked `retired` is kept as retired.

    manage.py load_criteria                      # every file in assessment/criteria/
    manage.py load_criteria path/to/file.yaml
    manage.py load_criteria --check              # only check the files
    manage.py load_criteria --demo-approve       # demo and benchmarks only: demo staff review, approve and
                                                 # publish every set not retired (refused in production)

Every file is checked before anything is written, so one bad file loads nothing. A version already approved,
published or retired is left as it is (it is frozen), so the command can run at every deployment. The files
carry no approvals: publishing needs the ministries' approvals, recorded on the staff pages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessment.criteria_files import CriteriaFileError, Known, bundled_criteria_files, read_criteria_file
from assessment.demo import approve_and_publish_demo
from assessment.models import CriteriaSet, CriteriaSetStatus
from assessment.services.criteria_sets import CONTENT_LOCKED, criteria_set_load, criteria_set_retire
from businesses.models import Sector
from platforms.models import CategoryGroup


def known_references() -> Known:
    """Sector and category-group codes a file may use (unchecked while the reference data is not loaded)."""
    sectors = set(Sector.objects.values_list("code", flat=True))
    groups = dict(CategoryGroup.objects.values_list("code", "programme"))
    return Known(sector_codes=sectors or None, group_programmes=groups or None)


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí đánh giá từ tệp YAML (bản nháp; tệp đánh dấu 'retired' được giữ ở trạng thái thay thế)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Tệp YAML; mặc định mọi tệp trong assessment/criteria/")
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra tệp, không ghi gì")
        parser.add_argument(
            "--demo-approve",
            action="store_true",
            help="Chỉ cho dữ liệu mẫu: cán bộ mẫu rà soát, phê duyệt và công bố (bị từ chối khi chạy thật)",
        )

    def handle(self, *args, paths, check, demo_approve, **options):
        if demo_approve and settings.PRODUCTION:
            raise CommandError("Không ghi phê duyệt mẫu trên hệ thống thật.")
        files = paths or bundled_criteria_files()
        if not files:
            raise CommandError("Không có tệp bộ tiêu chí nào.")
        known = known_references()
        specs = []
        for path in files:  # every file checked before anything is written
            try:
                specs.append((path, read_criteria_file(path, known=known)))
            except CriteriaFileError as exc:
                raise CommandError(str(exc))
        if check:
            for path, spec in specs:
                self.stdout.write(
                    f"{spec.programme} v{spec.version} ({path}): hợp lệ, {sum(1 for _ in spec.questions())} câu hỏi"
                )
            return
        with transaction.atomic():
            for path, spec in specs:
                self._load(path, spec)
        if demo_approve:
            for criteria_set in approve_and_publish_demo():
                self.stdout.write(self.style.SUCCESS(f"{criteria_set}: phê duyệt mẫu và công bố"))

    def _load(self, path, spec) -> None:
        label = f"{spec.programme} v{spec.version} ({path})"
        existing = CriteriaSet.objects.filter(programme=spec.programme, version=spec.version).first()
        criteria_set = existing
        if existing is None or existing.status not in CONTENT_LOCKED:
            try:
                criteria_set = criteria_set_load(spec=spec)
            except ValidationError as exc:
                raise CommandError(f"{label}: {'; '.join(exc.messages)}")
            self.stdout.write(self.style.SUCCESS(f"{label}: đã nạp (bản nháp)"))
        else:
            self.stdout.write(f"{label}: {existing.get_status_display()}, giữ nguyên")
        if spec.retired and criteria_set.status != CriteriaSetStatus.RETIRED:
            criteria_set_retire(criteria_set=criteria_set, actor=None, reason=spec.retired)
            self.stdout.write(f"{label}: đã chuyển sang trạng thái thay thế")
