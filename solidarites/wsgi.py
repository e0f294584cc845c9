import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")
application = get_wsgi_application()


def _rechauffer() -> None:
    """What the first request of each web process would otherwise pay, paid when the process
    starts: the URLs and the views they import, the list of communes, the templates every
    page extends. Measured: 1.4–2.2 s for that first request on the 2 loaded cores (an agent
    waiting, and every request queued behind it in that process)."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    from territoires.referentiel import communes

    get_resolver().url_patterns  # noqa: B018 — imports every app's urls and views
    communes()
    for nom in ("base.html", "accueil/file.html"):
        get_template(nom)


_rechauffer()
