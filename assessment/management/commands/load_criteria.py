"""Load criteria files (YAML) as drafts, and optionally publish them.

    manage.py load_criteria                      # every file in assessment/criteria/
    manage.py load_criteria path/to/file.yaml --publish

A version already published is left as it is (it is frozen), so the command can run at every deployment.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessment.criteria_files import CriteriaFileError, bundled_criteria_files, read_criteria_file
from assessment.models import CriteriaSet
from assessment.services import criteria_set_load, criteria_set_publish
from businesses.models import Sector


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí đánh giá từ tệp YAML (bản nháp), tùy chọn công bố."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Tệp YAML; mặc định mọi tệp trong assessment/criteria/")
        parser.add_argument("--publish", action="store_true", help="Công bố sau khi nạp")
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra tệp, không ghi gì")

    def handle(self, *args, paths, publish, check, **options):
        files = paths or bundled_criteria_files()
        if not files:
            raise CommandError("Không có tệp bộ tiêu chí nào.")
        sector_codes = set(Sector.objects.values_list("code", flat=True)) or None
        for path in files:
            try:
                spec = read_criteria_file(path, sector_codes=sector_codes)
            except CriteriaFileError as exc:
                raise CommandError(str(exc))
            label = f"{spec.programme} v{spec.version} ({path})"
            if check:
                self.stdout.write(f"{label}: hợp lệ, {sum(1 for _ in spec.questions())} câu hỏi")
                continue
            existing = CriteriaSet.objects.filter(programme=spec.programme, version=spec.version).first()
            if existing is not None and existing.is_published:
                self.stdout.write(f"{label}: đã công bố, giữ nguyên")
                continue
            try:
                criteria_set = criteria_set_load(spec=spec)
                if publish:
                    criteria_set = criteria_set_publish(criteria_set=criteria_set, actor=None)
            except ValidationError as exc:
                raise CommandError(f"{label}: {'; '.join(exc.messages)}")
            self.stdout.write(self.style.SUCCESS(f"{label}: đã nạp ({criteria_set.get_status_display()})"))
