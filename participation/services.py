"""Écritures de la participation : demandes publiques (limitées, sans robot), traitement des
demandes, réponses aux propositions, présences, inscriptions ; chargement du contenu."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from participation.models import (
    Comite,
    DemandeAdhesion,
    Evenement,
    Inscription,
    MembreComite,
    Proposition,
    Resultat,
    Reunion,
)
from solidarites import limites
from solidarites.erreurs import ErreurChamps
from solidarites.formulaires_publics import prendre_une_demande

LIMITE_PAR_HEURE = 5


def limite_demandes() -> int:
    """Demandes publiques (adhésions et inscriptions, comptées ensemble) par adresse et par heure :
    le garde des formulaires publics (`solidarites.formulaires_publics`) la vérifie avant de lire
    le formulaire, l'écriture prend l'unité dans sa transaction."""
    return int(getattr(settings, "PARTICIPATION_DEMANDES_PAR_HEURE", LIMITE_PAR_HEURE))


def empreinte_ip(ip: str | None) -> str:
    return limites.empreinte(ip)


def _verifier_contact(contact_par: str, courriel: str, telephone: str) -> None:
    if contact_par == "courriel" and not courriel:
        raise ErreurChamps(
            [
                {
                    "champ": "courriel",
                    "message": "Indiquez votre adresse "
                    "électronique, ou choisissez une autre façon d'être recontacté(e).",
                }
            ]
        )
    if contact_par == "telephone" and not telephone:
        raise ErreurChamps(
            [
                {
                    "champ": "telephone",
                    "message": "Indiquez votre numéro de "
                    "téléphone, ou choisissez une autre façon d'être recontacté(e).",
                }
            ]
        )


@dataclass
class DonneesAdhesion:
    prenom: str
    nom: str
    contact_par: str
    courriel: str = ""
    telephone: str = ""
    message: str = ""


@transaction.atomic
def demander_adhesion(comite: Comite, d: DonneesAdhesion, ip: str | None) -> DemandeAdhesion:
    _verifier_contact(d.contact_par, d.courriel, d.telephone)
    prendre_une_demande("participation", ip, limite_demandes())
    # On ne garde que ce que le choix de contact demande.
    return DemandeAdhesion.objects.create(
        comite=comite,
        prenom=d.prenom.strip(),
        nom=d.nom.strip(),
        contact_par=d.contact_par,
        courriel=d.courriel if d.contact_par == "courriel" else "",
        telephone=d.telephone if d.contact_par == "telephone" else "",
        message=d.message.strip(),
        consentement_le=timezone.now(),
        empreinte_ip=empreinte_ip(ip),
    )


@transaction.atomic
def traiter_adhesion(demande: DemandeAdhesion, accepter: bool) -> MembreComite | None:
    if demande.statut != DemandeAdhesion.Statut.NOUVELLE:
        raise ErreurChamps([{"champ": "statut", "message": "Cette demande a déjà été traitée."}])
    demande.statut = "acceptee" if accepter else "refusee"
    demande.traitee_le = timezone.now()
    membre = None
    if accepter:
        membre = MembreComite.objects.create(
            comite=demande.comite,
            prenom=demande.prenom,
            nom=demande.nom,
            qualite=MembreComite.Qualite.HABITANT,
            consentement_le=timezone.localdate(demande.consentement_le),
            contact_par=demande.contact_par,
            courriel=demande.courriel,
            telephone=demande.telephone,
        )
    # Les coordonnées de la demande ne sont plus utiles : elles vivent (ou non) chez le membre.
    demande.courriel = demande.telephone = demande.message = ""
    demande.save()
    return membre


def repondre(proposition: Proposition, *, statut: str, reponse: str, engagement=None) -> None:
    if statut not in Proposition.Statut.values:
        raise ErreurChamps([{"champ": "statut", "message": "Choisissez un statut de la liste."}])
    if statut != Proposition.Statut.A_L_ETUDE and not reponse.strip():
        raise ErreurChamps([{"champ": "reponse", "message": "Écrivez la réponse du Département."}])
    proposition.statut = statut
    proposition.reponse = reponse.strip()
    proposition.repondue_le = timezone.localdate() if reponse.strip() else None
    proposition.engagement = engagement
    proposition.save()


def enregistrer_reunion(reunion: Reunion, *, presents_ids, compte_rendu: str, publier: bool):
    membres = reunion.comite.membres.filter(pk__in=presents_ids)
    if publier and not compte_rendu.strip():
        raise ErreurChamps(
            [{"champ": "compte_rendu", "message": "Un compte rendu vide ne peut pas être publié."}]
        )
    reunion.presents.set(membres)
    reunion.compte_rendu = compte_rendu.strip()
    reunion.compte_rendu_publie = publier
    reunion.save()


@dataclass
class DonneesInscription:
    prenom: str
    nom: str
    qualite: str
    courriel: str
    organisme: str = ""


@transaction.atomic
def inscrire(evenement: Evenement, d: DonneesInscription, ip: str | None) -> Inscription:
    if not evenement.inscriptions_ouvertes or not evenement.a_venir:
        raise ErreurChamps(
            [{"champ": "evenement", "message": "Les inscriptions à cet événement sont closes."}]
        )
    if Inscription.objects.filter(evenement=evenement, courriel__iexact=d.courriel).exists():
        raise ErreurChamps(
            [{"champ": "courriel", "message": "Une inscription existe déjà avec cette adresse."}]
        )
    prendre_une_demande("participation", ip, limite_demandes())
    return Inscription.objects.create(
        evenement=evenement,
        prenom=d.prenom.strip(),
        nom=d.nom.strip(),
        qualite=d.qualite,
        organisme=d.organisme.strip(),
        courriel=d.courriel,
        empreinte_ip=empreinte_ip(ip),
    )


# --- chargement -----------------------------------------------------------------------------


def dossier() -> Path:
    return Path(settings.CONTENT_DIR) / "participation"


def _quand(d: dict, maintenant: dt.datetime) -> dt.datetime:
    tz = timezone.get_current_timezone()
    if "dans" in d:
        h, m = (int(x) for x in str(d.get("heure", "18:00")).split(":"))
        jour = (maintenant + dt.timedelta(days=int(d["dans"]))).date()
        return dt.datetime.combine(jour, dt.time(h, m), tzinfo=tz)
    v = d.get("date") or d["debut"]
    v = v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))
    return v if timezone.is_aware(v) else timezone.make_aware(v, tz)


def _engagements(refs: list[str]):
    from engagements.models import Engagement

    out = []
    for ref in refs:
        cle, numero = ref.split(":")
        qs = Engagement.objects.filter(schema__cle=cle)
        out += list(qs if numero == "*" else qs.filter(numero=int(numero)))
    return out


@transaction.atomic
def charger(*, demo: bool = False) -> dict:
    """Comités, réunions, propositions et événements publiés (idempotent : rechargés depuis le
    contenu) ; membres de démonstration seulement avec `demo`. Les demandes, inscriptions et
    membres saisis sur la plateforme sont gardés."""
    from annuaire.chargement import SOURCE_DEMO
    from annuaire.models import Structure
    from territoires.models import Departement

    maintenant = timezone.now()
    n = {"comites": 0, "reunions": 0, "evenements": 0, "membres": 0}
    for f in sorted(dossier().glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        code = str(doc["departement"])
        if not Departement.objects.filter(pk=code).exists():
            continue
        comites = {}
        for c in doc.get("comites", []):
            s = Structure.objects.filter(
                identifiant=f"{SOURCE_DEMO}--{code}-{c['structure']}"
            ).first()
            if s is None:
                continue
            comite, _ = Comite.objects.update_or_create(
                structure=s,
                nom=c["nom"],
                defaults={
                    "nature": c.get("nature", "usagers"),
                    "cree_le": c["cree_le"],
                    "description": c.get("description", ""),
                    "actif": True,
                    "demo": True,
                },
            )
            comites[c["structure"]] = comite
            n["comites"] += 1
            comite.reunions.filter(du_contenu=True).delete()
            for r in c.get("reunions", []):
                Reunion.objects.create(
                    comite=comite,
                    date=_quand(r, maintenant),
                    lieu=r["lieu"],
                    ordre_du_jour=r["ordre_du_jour"],
                    compte_rendu=r.get("compte_rendu", ""),
                    compte_rendu_publie=bool(r.get("publie")),
                    du_contenu=True,
                )
                n["reunions"] += 1
            comite.propositions.filter(du_contenu=True).delete()
            for p in c.get("propositions", []):
                eng = _engagements([p["engagement"]])[0] if p.get("engagement") else None
                Proposition.objects.create(
                    comite=comite,
                    titre=p["titre"],
                    texte=p["texte"],
                    deposee_le=p["deposee_le"],
                    statut=p.get("statut", "a_l_etude"),
                    reponse=p.get("reponse", ""),
                    repondue_le=p.get("repondue_le"),
                    engagement=eng,
                    du_contenu=True,
                )
        if demo:
            for m in doc.get("membres_demo", []):
                comite = comites.get(m["comite"])
                if comite is None:
                    continue
                MembreComite.objects.update_or_create(
                    comite=comite,
                    prenom=m["prenom"],
                    nom=m.get("nom", ""),
                    defaults={
                        k: m.get(k, "") for k in ("qualite", "contact_par", "courriel", "telephone")
                    }
                    | {"consentement_le": m["consentement_le"]},
                )
                n["membres"] += 1
            # Présences de démonstration aux réunions passées.
            for comite in comites.values():
                membres = list(comite.membres.all())
                for r in comite.reunions.filter(date__lt=maintenant):
                    r.presents.set(membres[: max(1, len(membres) - 1)])
        for e in doc.get("evenements", []):
            ev, _ = Evenement.objects.update_or_create(
                cle=e["cle"],
                defaults={
                    "departement_id": code,
                    "titre": e["titre"],
                    "nature": e["nature"],
                    "debut": _quand(e, maintenant),
                    "lieu": e["lieu"],
                    "description": e.get("description", ""),
                    "inscriptions_ouvertes": bool(e.get("inscriptions_ouvertes")),
                    "participants_annonces": e.get("participants_annonces"),
                    "source": e.get("source", ""),
                    "verifie_le": doc.get("verifie_le"),
                    "demo": bool(e.get("demo")),
                },
            )
            n["evenements"] += 1
            ev.resultats.all().delete()
            for r in e.get("resultats", []):
                res = Resultat.objects.create(
                    evenement=ev, titre=r["titre"], texte=r.get("texte", "")
                )
                res.engagements.set(_engagements(r.get("engagements", [])))
    return n
