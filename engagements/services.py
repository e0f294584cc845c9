"""Écritures des engagements : changement de statut (historisé, audité) et chargement du
contenu (content/engagements/<département>.yaml), idempotent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from engagements import regles
from engagements.models import (
    ActionSchema,
    ChangementStatut,
    Engagement,
    IndicateurEngagement,
    OrientationSchema,
    Schema,
)
from solidarites.erreurs import ErreurChamps


def changer_statut(
    engagement: Engagement,
    *,
    nouveau: str,
    date: dt.date | None,
    preuve: str,
    lien_preuve: str = "",
    auteur=None,
    version: int | None = None,
) -> ChangementStatut:
    """Change le statut avec sa preuve datée ; refuse (ErreurChamps) sans rien écrire."""
    with transaction.atomic():
        e = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if version is not None and version != e.version:
            raise ErreurChamps(
                [
                    {
                        "champ": "version",
                        "message": "L'engagement a été modifié entre-temps : rechargez la page.",
                    }
                ]
            )
        try:
            regles.verifier_changement(e.statut, nouveau, preuve, date, timezone.localdate())
        except regles.ChangementInvalide as exc:
            champ = (
                "statut"
                if nouveau not in regles.STATUTS or nouveau == e.statut
                else ("preuve" if not preuve.strip() else "date")
            )
            raise ErreurChamps([{"champ": champ, "message": str(exc)}]) from exc
        c = ChangementStatut.objects.create(
            engagement=e,
            ancien=e.statut,
            nouveau=nouveau,
            date=date,
            preuve=preuve.strip(),
            lien_preuve=lien_preuve,
            auteur=auteur,
        )
        e.statut = nouveau
        e.statut_depuis = date
        e.version += 1
        e.save(update_fields=["statut", "statut_depuis", "version", "modifie_le"])
    engagement.refresh_from_db()
    return c


def enregistrer_engagement(
    engagement: Engagement | None,
    *,
    schema: Schema,
    titre: str,
    description: str,
    porteur: str,
    echeance,
    auteur=None,
) -> Engagement:
    """Crée (numéro suivant de la démarche, statut « à venir » historisé) ou modifie."""
    with transaction.atomic():
        if engagement is None:
            dernier = schema.engagements.order_by("-numero").first()
            engagement = Engagement.objects.create(
                schema=schema,
                numero=(dernier.numero + 1) if dernier else 1,
                titre=titre,
                description=description,
                porteur=porteur,
                echeance=echeance,
                statut="a_venir",
                statut_depuis=timezone.localdate(),
            )
            ChangementStatut.objects.create(
                engagement=engagement,
                ancien="",
                nouveau="a_venir",
                date=timezone.localdate(),
                preuve="Engagement enregistré par la direction du pilotage.",
                auteur=auteur,
            )
            return engagement
        engagement.titre, engagement.description = titre, description
        engagement.porteur, engagement.echeance = porteur, echeance
        engagement.version += 1
        engagement.save()
        return engagement


# --- chargement du contenu ------------------------------------------------------------------


def dossier() -> Path:
    return Path(settings.CONTENT_DIR) / "engagements"


def _date(v) -> dt.date | None:
    if v in (None, ""):
        return None
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@transaction.atomic
def charger(chemin: Path | None = None) -> dict:
    """Crée ou met à jour schémas, orientations, actions, engagements et leur historique
    d'origine (les changements saisis depuis la plateforme, qui ont un auteur, sont gardés)."""
    from territoires.models import Departement

    fichiers = [chemin] if chemin else sorted(dossier().glob("*.yaml"))
    n = {"schemas": 0, "engagements": 0, "changements": 0}
    for f in fichiers:
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        code = str(doc["departement"])
        if not Departement.objects.filter(pk=code).exists():
            continue
        verifie_le = _date(doc.get("verifie_le"))
        for s in doc.get("schemas", []):
            schema, _ = Schema.objects.update_or_create(
                cle=s["cle"],
                defaults={
                    "departement_id": code,
                    "nature": s.get("nature", "schema"),
                    "titre": s["titre"],
                    "annee": s["annee"],
                    "debut": s.get("debut"),
                    "fin": s.get("fin"),
                    "resume": s.get("resume", ""),
                    "principes": s.get("principes", []),
                    "source": s.get("source", ""),
                    "lien_source": s.get("lien_source", ""),
                    "verifie_le": verifie_le,
                },
            )
            n["schemas"] += 1
            for i, o in enumerate(s.get("orientations", []), start=1):
                orientation, _ = OrientationSchema.objects.update_or_create(
                    schema=schema, numero=i, defaults={"titre": o["titre"]}
                )
                orientation.actions.all().delete()
                ActionSchema.objects.bulk_create(
                    ActionSchema(orientation=orientation, titre=a) for a in o.get("actions", [])
                )
            for e in s.get("engagements", []):
                _charger_engagement(schema, e, s.get("source", ""), verifie_le)
                n["engagements"] += 1
                n["changements"] += len(e.get("historique", []))
    return n


def _charger_engagement(schema: Schema, e: dict, source: str, verifie_le) -> None:
    eng, cree = Engagement.objects.get_or_create(
        schema=schema,
        numero=e["numero"],
        defaults={"titre": e["titre"], "porteur": e.get("porteur", "")},
    )
    eng.titre = e["titre"]
    eng.description = e.get("description", "")
    eng.porteur = e.get("porteur", "")
    eng.echeance = _date(e.get("echeance"))
    eng.source = e.get("source", source)
    eng.verifie_le = verifie_le
    # L'historique d'origine est rechargé ; les changements saisis (avec un auteur) restent.
    eng.changements.filter(auteur__isnull=True).delete()
    precedent = ""
    for h in e.get("historique", []):
        ChangementStatut.objects.create(
            engagement=eng,
            ancien=precedent,
            nouveau=h["statut"],
            date=_date(h["date"]),
            preuve=h["preuve"],
            lien_preuve=h.get("lien", ""),
            enregistre_le=timezone.make_aware(dt.datetime.combine(_date(h["date"]), dt.time(12))),
        )
        precedent = h["statut"]
    dernier = eng.changements.order_by("date", "enregistre_le").last()
    if dernier is not None:
        eng.statut, eng.statut_depuis = dernier.nouveau, dernier.date
    eng.save()
    eng.indicateurs.all().delete()
    IndicateurEngagement.objects.bulk_create(
        IndicateurEngagement(
            engagement=eng,
            libelle=i["libelle"],
            code_chiffre=i.get("chiffre", ""),
            valeur=i.get("valeur"),
            cible=i.get("cible"),
            unite=i.get("unite", ""),
            mesure_le=_date(i.get("mesure_le")),
            source=i.get("source", ""),
        )
        for i in e.get("indicateurs", [])
    )
