from django.conf import settings


def site(request):
    """Values every page needs: site name, départements served."""
    return {
        "SITE_TITLE": "Solidarités",
        "SITE_TAGLINE": "Vos droits sociaux et où vous adresser",
        "DEPARTEMENTS": settings.DEPARTEMENTS,
    }


def menu_agent(request):
    """The agents' menu (`solidarites.menu`), only for logged-in accounts."""
    if not getattr(getattr(request, "user", None), "is_authenticated", False):
        return {}
    from solidarites.menu import entrees

    return {"MENU_AGENT": entrees(request)}
