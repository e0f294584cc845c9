from django.conf import settings


def site(request):
    """Values every page needs: site name, départements served."""
    return {
        "SITE_TITLE": "Solidarités",
        "SITE_TAGLINE": "Vos droits sociaux et où vous adresser",
        "DEPARTEMENTS": settings.DEPARTEMENTS,
    }
