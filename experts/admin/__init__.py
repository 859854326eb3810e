"""Staff work in the admin: vetting applications, certifying experts, moderating Q&A, answering support requests.

Every decision is an action with an intermediate form asking for the reason; the action calls a service, which
writes the audit log (who / when / why) and queues the SMS/email.
"""

from experts.admin import consultations, network, qa, support  # noqa: F401 (registers the models)
