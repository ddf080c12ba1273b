"""How a figure fits a narrow table cell of the printed report."""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Appendix II gives each area about 16 mm on a landscape page: nine characters of 10 pt. Longer
# figures (money: "85.099.593", "728.704.845") print smaller (8.5 pt up to ten characters, 7.5 pt
# beyond) and, should even that not fit, may break only after a thousands dot, so they never run
# into the next cell.
FIGURE = re.compile(r"\d{1,3}(?:\.\d{3})+")
FITS = 9


@register.filter
def fitting_figures(text):
    def fit(match):
        figure = match.group(0)
        if len(figure) <= FITS:
            return figure
        size = "long-figure" if len(figure) <= FITS + 1 else "longer-figure"
        return f'<span class="{size}">' + figure.replace(".", ".<wbr>") + "</span>"

    return mark_safe(FIGURE.sub(fit, escape(str(text))))
