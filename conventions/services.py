"""Écritures des conventions : relevé d'un indicateur (audité), chargement du contenu
(content/conventions/<département>.yaml, idempotent), alertes avant la fin ou une revue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conventions.models import (
    ActionConvention,
    Alerte,
    Axe,
    Convention,
    IndicateurConvention,
    MontantAnnuel,
    Partie,
    Releve,
    Revue,
    Versement,
)
from solidarites.erreurs import ErreurChamps


def saisir_releve(
    indicateur: IndicateurConvention,
    *,
    annee: int,
    valeur: float,
    commentaire: str = "",
    auteur=None,
) -> Releve:
    """Crée ou remplace la valeur de l'année ; refuse une année hors de la convention."""
    c = indicateur.convention
    if annee not in c.annees:
        raise ErreurChamps(
            [
                {
                    "champ": "annee",
                    "message": f"L'année doit être comprise entre {c.debut.year} "
                    f"et {c.fin.year} (période de la convention).",
                }
            ]
        )
    if valeur is None or valeur < 0:
        raise ErreurChamps(
            [{"champ": "valeur", "message": "La valeur doit être positive ou nulle."}]
        )
    releve, _ = Releve.objects.update_or_create(
        indicateur=indicateur,
        annee=annee,
        defaults={
            "valeur": valeur,
            "commentaire": commentaire.strip(),
            "saisi_par": auteur,
            "saisi_le": timezone.now(),
        },
    )
    return releve


# --- alertes --------------------------------------------------------------------------------


def echeances_proches(aujourdhui: dt.date, jours: int) -> list[tuple[Convention, str, dt.date]]:
    """(convention, « fin » ou « revue », date) pour chaque échéance dans les `jours` à venir,
    pas encore signalée."""
    limite = aujourdhui + dt.timedelta(days=jours)
    out = []
    for c in Convention.objects.filter(fin__gte=aujourdhui).order_by("departement", "fin"):
        for nature, date in (("revue", c.prochaine_revue), ("fin", c.fin)):
            if date and aujourdhui <= date <= limite:
                if not Alerte.objects.filter(convention=c, nature=nature, echeance=date).exists():
                    out.append((c, nature, date))
    return out


def destinataires(departement: str) -> list[str]:
    """Adresses des comptes « pilotage » actifs du département."""
    from comptes.models import Membre

    return sorted(
        {
            m.utilisateur.email
            for m in Membre.objects.filter(
                role="pilotage", actif=True, structure__departement_id=departement
            ).select_related("utilisateur")
            if m.utilisateur.email and m.utilisateur.is_active
        }
    )


def texte_alerte(c: Convention, nature: str, date: dt.date) -> tuple[str, str]:
    quoi = "arrive à son terme" if nature == "fin" else "doit faire l'objet de sa revue annuelle"
    sujet = f"Convention « {c.titre} » : échéance le {date:%d/%m/%Y}"
    texte = (
        f"Bonjour,\n\nLa convention « {c.titre} » {quoi} le {date:%d/%m/%Y}.\n"
        f"Parties : {', '.join(p.structure.nom for p in c.parties.all())}.\n"
        f"Consultez-la sur la plateforme : /conventions/{c.pk}/\n\n"
        "Ce message est envoyé automatiquement par Solidarités."
    )
    return sujet, texte


def envoyer_alertes(aujourdhui: dt.date, jours: int) -> int:
    from solidarites.taches import programmer_courriel

    n = 0
    for c, nature, date in echeances_proches(aujourdhui, jours):
        adresses = destinataires(c.departement_id)
        sujet, texte = texte_alerte(c, nature, date)
        for a in adresses:
            programmer_courriel(a, sujet, texte)
        Alerte.objects.create(
            convention=c, nature=nature, echeance=date, destinataires=len(adresses)
        )
        n += 1
    return n


# --- chargement -----------------------------------------------------------------------------


def dossier() -> Path:
    return Path(settings.CONTENT_DIR) / "conventions"


def _date(v):
    if v in (None, ""):
        return None
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


class StructureIntrouvable(ValueError):
    pass


@transaction.atomic
def charger(chemin: Path | None = None, *, demo: bool = True) -> dict:
    """Crée ou met à jour les conventions publiées ; les relevés saisis depuis la plateforme
    sont gardés (seuls les relevés de démonstration sont rechargés)."""
    from annuaire.chargement import SOURCE_DEMO
    from annuaire.models import Structure
    from territoires.models import Departement

    fichiers = [chemin] if chemin else sorted(dossier().glob("*.yaml"))
    n = {"conventions": 0, "parties": 0, "montants": 0}
    for f in fichiers:
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        code = str(doc["departement"])
        if not Departement.objects.filter(pk=code).exists():
            continue

        def structure(ident: str, code=code, f=f):
            s = Structure.objects.filter(identifiant=f"{SOURCE_DEMO}--{code}-{ident}").first()
            if s is None:
                raise StructureIntrouvable(
                    f"{f.name} : structure « {ident} » absente de l'annuaire ({code})."
                )
            return s

        for d in doc.get("conventions", []):
            parties_y = d.get("parties", [])
            try:
                structures = {p["structure"]: structure(p["structure"]) for p in parties_y}
            except StructureIntrouvable:
                continue  # annuaire du département non chargé
            c, _ = Convention.objects.update_or_create(
                cle=d["cle"],
                defaults={
                    "departement_id": code,
                    "titre": d["titre"],
                    "objet": d["objet"],
                    "politique": d["politique"],
                    "debut": _date(d["debut"]),
                    "fin": _date(d["fin"]),
                    "signee_le": _date(d.get("signee_le")),
                    "prochaine_revue": _date(d.get("prochaine_revue")),
                    "source": d.get("source", ""),
                    "verifie_le": _date(doc.get("verifie_le")),
                    "demo": True,
                },
            )
            n["conventions"] += 1
            parties = {}
            for p in parties_y:
                parties[p["structure"]], _ = Partie.objects.update_or_create(
                    convention=c,
                    structure=structures[p["structure"]],
                    defaults={"qualite": p["qualite"]},
                )
                n["parties"] += 1
            c.parties.exclude(pk__in=[p.pk for p in parties.values()]).delete()
            _charger_contenu(c, d, parties, demo=demo)
            n["montants"] += len(d.get("montants", []))
    return n


def _charger_contenu(c: Convention, d: dict, parties: dict, *, demo: bool) -> None:
    def partie(ident):
        return parties.get(ident) if ident else None

    c.actions.all().delete()
    c.montants.all().delete()
    c.versements.all().delete()
    c.revues.all().delete()
    anciens = {i.libelle: i for i in c.indicateurs.all()}
    gardes = []
    ordre = []
    for k, a in enumerate(d.get("axes", []), start=1):
        axe, _ = Axe.objects.update_or_create(
            convention=c, numero=k, defaults={"titre": a["titre"]}
        )
        for act in a.get("actions", []):
            ActionConvention.objects.create(
                convention=c, axe=axe, partie=partie(act.get("partie")), titre=act["titre"]
            )
        for i in a.get("indicateurs", []):
            ind = anciens.get(i["libelle"]) or IndicateurConvention(convention=c)
            ind.axe, ind.partie, ind.libelle = axe, partie(i["partie"]), i["libelle"]
            ind.unite, ind.cible = i.get("unite", ""), i.get("cible")
            ind.save()
            gardes.append(ind.pk)
            ordre.append(ind)
    c.axes.filter(numero__gt=len(d.get("axes", []))).delete()
    c.indicateurs.exclude(pk__in=gardes).delete()
    for m in d.get("montants", []):
        MontantAnnuel.objects.create(
            convention=c,
            partie=partie(m.get("partie")),
            annee=m["annee"],
            montant=Decimal(str(m["montant"])),
            note=m.get("note", ""),
        )
    for v in d.get("versements", []):
        Versement.objects.create(
            convention=c,
            partie=partie(v["partie"]),
            date=_date(v["date"]),
            montant=Decimal(str(v["montant"])),
            libelle=v.get("libelle", ""),
        )
    for r in d.get("revues", []):
        Revue.objects.create(
            convention=c, annee=r["annee"], date=_date(r["date"]), conclusions=r["conclusions"]
        )
    if demo:
        for r in d.get("releves_demo", []):
            ind = ordre[r["indicateur"] - 1]
            if not ind.releves.filter(annee=r["annee"], saisi_par__isnull=False).exists():
                Releve.objects.update_or_create(
                    indicateur=ind,
                    annee=r["annee"],
                    defaults={"valeur": r["valeur"], "commentaire": "Valeur de démonstration."},
                )
