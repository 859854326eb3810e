from celery import shared_task


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def render_certificate_pdf(self, certificate_id: int) -> None:
    from smedx_portal.certificates import certificate_render_pdf

    try:
        certificate_render_pdf(certificate_id)
    except OSError as exc:  # file storage hiccup: try again later
        raise self.retry(exc=exc)
