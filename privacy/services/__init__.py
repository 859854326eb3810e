from privacy.services.erasure import Erasure, person_erase
from privacy.services.incidents import incident_notified, incident_record
from privacy.services.requests import (
    can_handle,
    consent_record_on_site,
    data_request_acknowledge,
    data_request_complete,
    data_request_create,
    data_request_refuse,
    data_requests_alert_overdue,
    request_deadlines,
)

__all__ = [
    "Erasure",
    "can_handle",
    "consent_record_on_site",
    "data_request_acknowledge",
    "data_request_complete",
    "data_request_create",
    "data_request_refuse",
    "data_requests_alert_overdue",
    "incident_notified",
    "incident_record",
    "person_erase",
    "request_deadlines",
]
