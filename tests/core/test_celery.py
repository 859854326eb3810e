import pytest

from smedx_portal.celery import ping


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker):
    result = ping.delay("xin chào")
    assert result.get(timeout=30) == "xin chào"
    assert result.successful()


def test_tasks_run_inline_without_a_broker():
    assert ping.delay("eager").get(timeout=1) == "eager"
