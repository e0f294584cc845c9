from django import template

register = template.Library()


@register.filter
def cle(d, k):
    return d.get(k) if isinstance(d, dict) else None


@register.filter
def pourcent(x):
    return "" if x is None else f"{round(100 * x)} %"


@register.filter
def image_svg(svg) -> str:
    """Le SVG d'un graphique en URI data: pour une <img> : son propre <style> s'y applique (la
    politique de sécurité du contenu de la page, style-src 'self', bloque un <style> en ligne)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()
