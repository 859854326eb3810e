"""smedx_portal.numbers writes every number exactly as Django's number_format / a template would."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from smedx_portal.numbers import grouped, plain

VALUES = [0, 1, -1, 7, 999, 1000, -1234, 1234567, 10**12, 0.0, -0.0, 12.5, 41.7, 100.0, 1e-7, 3.5e20]
DECIMALS = [Decimal("0"), Decimal("-0.00"), Decimal("53.33"), Decimal("-1234567.891"), Decimal("0.001")]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_grouped_is_number_format(language):
    with translation.override(language):
        for value in [*VALUES, *DECIMALS]:
            for decimals in (0, 1, 2):
                rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
                expected = number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)
                assert grouped(rounded, decimals) == expected, (value, decimals)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_plain_is_what_a_template_writes(language):
    template = Template("{{ value }}")
    with translation.override(language):
        for value in [*VALUES, *DECIMALS, True]:
            assert plain(value) == template.render(Context({"value": value})), value
    with translation.override("vi"):
        assert plain(12.5) == "12,5" and plain(1234567) == "1234567"
        assert grouped(Decimal("1234567.5"), 1) == "1.234.567,5"
