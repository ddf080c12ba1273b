"""``period|period_state``: what a period is today (``reporting.periods.period_state``), for the
pages that show a period without a board row; ``period|period_state:today`` on a given day."""
from django import template
from django.utils import timezone

from reporting.periods import period_state as state_on

register = template.Library()


@register.filter
def period_state(period, today=None):
    return state_on(period, today or timezone.localdate())
