"""`make run`'s criteria: loaded from the files as drafts (invented sets retired), published after the demo
staff's approvals (both ministries for RDX), listed by `manage.py criteria list`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_approvals_publish_the_official_sets_and_the_list_shows_them(settings):
    call_command("load_criteria", "--demo-approve", stdout=StringIO())
    out = StringIO()
    call_command("criteria", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    by_version = {tuple(line.split("\t")[:2]): line for line in lines}
    assert "Quyết định 1567/QĐ-BKHCN, 30/06/2025" in by_version[("SMEdx", "v3")]
    assert "\tĐã công bố\t" in by_version[("SMEdx", "v3")]
    assert "Quyết định 1970/QĐ-BTTTT, 13/12/2021" in by_version[("SMEdx", "v2")]
    assert "Đã công bố (phiên bản cũ)" in by_version[("SMEdx", "v2")]
    rdx = by_version[("RDX", "v2")]
    assert "Quyết định 1459/QĐ-BTTTT" in rdx and "Đã công bố" in rdx
    assert "phê duyệt: Bộ Khoa học và Công nghệ, Bộ Công Thương" in rdx
    for key in (("SMEdx", "v1"), ("RDX", "v1")):
        assert "Đã thay thế (bộ tiêu chí thử nghiệm của cổng)" in by_version[key]


def test_demo_approvals_are_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="phê duyệt mẫu"):
        call_command("load_criteria", "--demo-approve", stdout=StringIO())
