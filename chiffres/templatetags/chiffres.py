from django import template

register = template.Library()


@register.filter
def cle(d, k):
    return d.get(k) if isinstance(d, dict) else None


@register.filter
def pourcent(x):
    return "" if x is None else f"{round(100 * x)} %"
