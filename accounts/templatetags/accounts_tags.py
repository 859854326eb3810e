from django import template

from accounts.phones import display_phone, mask_phone
from accounts.services import otp_resend_wait

register = template.Library()

register.filter("display_phone", display_phone)
register.filter("mask_phone", mask_phone)


@register.simple_tag
def resend_wait(phone: str) -> int:
    """Seconds before a new code can be sent to `phone` (for the verification page's countdown)."""
    return otp_resend_wait(phone)
