"""With a real Celery worker on Redis: a campaign whose batch was killed mid-way is finished by the task running
again, and copies of the same task delivered at once send nothing twice. Skipped without REDIS_URL."""

import threading
import time

import pytest
from celery.signals import after_task_publish, task_postrun
from django.utils import timezone

from campaigns.models import CampaignStatus, MessageStatus, SmsCampaign, SmsMessage
from campaigns.services.sending import campaign_send_batch
from campaigns.tasks import send_campaign_batch
from tests.campaigns.backends import WorkerKilled
from tests.campaigns.factories import make_campaign, representative

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """A transactional test starts from whatever the previous one left (an empty database after a flush):
    load the provinces, wards and sectors if they are missing, and forget content-type ids cached before."""
    from django.contrib.contenttypes.models import ContentType

    from businesses.models import Sector
    from businesses.reference import reference_data_load

    ContentType.objects.clear_cache()
    if not Sector.objects.exists():
        reference_data_load()


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.CAMPAIGN_BATCH_SIZE = 5
    settings.CAMPAIGN_RATE_PER_SECOND = 1000
    settings.CAMPAIGN_LEASE_SECONDS = 2
    settings.CAMPAIGN_SEND_CHUNK = 2
    settings.CAMPAIGN_SEND_HOURS = (0, 24)  # the window has its own frozen-clock tests


def sending_without_a_task(recipients: int) -> SmsCampaign:
    for _ in range(recipients):
        representative()
    campaign = make_campaign()
    SmsCampaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.SENDING, batch_seq=1, started_at=timezone.now(), recipient_count=recipients
    )
    campaign.refresh_from_db()
    return campaign


class TaskTally:
    """Tasks published and tasks finished (the worker runs in this process, so both signals fire here)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.published = 0
        self.finished = 0

    def on_publish(self, **kwargs) -> None:
        with self.lock:
            self.published += 1

    def on_finish(self, **kwargs) -> None:
        with self.lock:
            self.finished += 1

    def idle(self) -> bool:
        with self.lock:
            return self.finished >= self.published


@pytest.fixture
def tasks():
    tally = TaskTally()
    after_task_publish.connect(tally.on_publish, weak=False)
    task_postrun.connect(tally.on_finish, weak=False)
    yield tally
    after_task_publish.disconnect(tally.on_publish)
    task_postrun.disconnect(tally.on_finish)


def wait_until_idle(tasks: TaskTally, timeout: float = 30) -> None:
    """Every task published so far has run to its end (a copy that found nothing to do included)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tasks.idle():
            return
        time.sleep(0.05)
    pytest.fail(f"{tasks.published - tasks.finished} task(s) still running after {timeout} s")


def wait_until_complete(campaign: SmsCampaign, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        campaign.refresh_from_db()
        if campaign.status == CampaignStatus.COMPLETED:
            return
        time.sleep(0.2)
    pytest.fail(f"campaign still {campaign.status} after {timeout} s")


def test_a_killed_batch_is_finished_by_the_task_running_again_exactly_once(
    celery_worker, gateway, sms_outbox
):
    campaign = sending_without_a_task(12)
    gateway.kill_on_call = 3  # the worker dies during the third gateway call (the gateway took the message)
    with pytest.raises(WorkerKilled):
        campaign_send_batch(campaign_id=campaign.pk, seq=campaign.batch_seq)
    gateway.kill_on_call = None
    assert len(sms_outbox) == 3

    send_campaign_batch.delay(
        campaign.pk, campaign.batch_seq
    )  # acks_late: the broker hands the task out again
    wait_until_complete(campaign)

    # calls 1-2 were recorded; the chunk of calls 3-4 was in flight: 3 reached the gateway, 4 was never made
    phones = [message.phone for message in sms_outbox]
    assert len(phones) == len(set(phones)) == 11
    statuses = list(SmsMessage.objects.filter(campaign=campaign).values_list("status", flat=True))
    assert statuses.count(MessageStatus.SENT) == 10 and statuses.count(MessageStatus.UNKNOWN) == 2


def test_copies_of_a_task_delivered_at_once_send_each_message_once(celery_worker, sms_outbox, tasks):
    campaign = sending_without_a_task(23)
    for _ in range(4):
        send_campaign_batch.delay(campaign.pk, campaign.batch_seq)
    wait_until_complete(campaign)
    wait_until_idle(tasks)  # every straggling copy has run: it must have found nothing to do
    assert tasks.finished >= 4
    phones = [message.phone for message in sms_outbox]
    assert len(phones) == len(set(phones)) == 23
    assert SmsMessage.objects.filter(campaign=campaign, status=MessageStatus.SENT).count() == 23
