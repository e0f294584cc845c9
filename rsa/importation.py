"""Import of the monthly CAF / MSA file into the platform: one transaction, idempotent.

- a known allocataire number → its beneficiary (a change is applied only if something changed);
- an unknown number → the person's file is looked for (same names and birth date: the same
  file; a close name, several candidates, or a file already under another number: the row waits
  for an agent in `Rapprochement`, never merged silently); no candidate → a new file;
- every rejected row is reported with its line and a French reason; nothing is half-saved
  (a failure rolls everything back); `essai=True` (dry run) reports without writing.

Importing the same file twice changes nothing: the second report counts every row "inchangé".
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accueil import regles as regles_accueil
from accueil.models import Personne
from annuaire.models import Secteur, Structure
from annuaire.typologies import BUREAUX_LOCAUX
from comptes.audit import Action, journaliser
from comptes.models import EvenementAudit
from rsa import flux, regles
from rsa.models import Beneficiaire, Evenement, ImportFlux, Mouvement, Rapprochement
from territoires import referentiel

LOT = 1000


def dossier_contenu() -> Path:
    return Path(settings.CONTENT_DIR) / "rsa"


def correspondance() -> flux.Correspondance:
    return flux.correspondance_fichier(dossier_contenu() / "colonnes.yaml")


def structure_insertion(departement: str) -> Structure | None:
    """The département's insertion service in the directory (holder of imported files)."""
    qs = Structure.objects.filter(departement_id=departement, typologie="departement")
    return qs.filter(nom__icontains="insertion").order_by("pk").first() or qs.order_by("pk").first()


@dataclass
class Rapport:
    nom_fichier: str
    departement: str
    lignes: int = 0
    nouveaux: int = 0
    rattaches: int = 0
    modifies: int = 0
    sorties: int = 0
    inchanges: int = 0
    ambigus: int = 0
    rejets: list[flux.Rejet] = field(default_factory=list)
    avertissements: list[flux.Rejet] = field(default_factory=list)
    duree_s: float = 0.0
    essai: bool = False
    import_id: int | None = None
    deja_importe_le: str = ""

    def resume(self) -> str:
        mode = "Essai (rien n'est enregistré) : " if self.essai else ""
        return (
            f"{mode}{self.lignes} lignes lues — {self.nouveaux} nouveaux dossiers, "
            f"{self.rattaches} rattachés à un dossier existant, {self.modifies} changements, "
            f"{self.sorties} sorties, {self.inchanges} inchangés, {self.ambigus} à vérifier "
            f"par un agent, {len(self.rejets)} lignes rejetées."
        )

    def en_json(self) -> dict:
        return {
            "nom_fichier": self.nom_fichier,
            "departement": self.departement,
            "lignes": self.lignes,
            "nouveaux": self.nouveaux,
            "rattaches": self.rattaches,
            "modifies": self.modifies,
            "sorties": self.sorties,
            "inchanges": self.inchanges,
            "ambigus": self.ambigus,
            "rejets": [{"ligne": r.ligne, "message": r.message} for r in self.rejets],
            "avertissements": [
                {"ligne": r.ligne, "message": r.message} for r in self.avertissements
            ],
            "duree_s": round(self.duree_s, 2),
            "essai": self.essai,
            "import_id": self.import_id,
            "resume": self.resume(),
        }


class _Annuler(Exception):
    pass


def _territoires(codes: set[str]) -> dict[str, int]:
    out = {}
    for commune_id, structure_id in (
        Secteur.objects.filter(commune_id__in=codes, typologie__in=BUREAUX_LOCAUX)
        .order_by("typologie")
        .values_list("commune_id", "structure_id")
    ):
        out.setdefault(commune_id, structure_id)
    return out


def _par_lots(valeurs, taille=900):
    valeurs = list(valeurs)
    for i in range(0, len(valeurs), taille):
        yield valeurs[i : i + taille]


def importer(
    contenu: bytes,
    nom_fichier: str,
    *,
    departement: str,
    structure_detentrice: Structure | None = None,
    request=None,
    utilisateur=None,
    essai: bool = False,
    mois: date | None = None,
    corr: flux.Correspondance | None = None,
    aujourdhui: date | None = None,
) -> Rapport:
    """Import one monthly file for `departement`. Raises flux.FichierInvalide when the file
    cannot be read at all (nothing written)."""
    debut = time.perf_counter()
    aujourdhui = aujourdhui or timezone.localdate()
    corr = corr or correspondance()
    lecture = flux.lire_flux(
        contenu,
        nom_fichier,
        corr,
        departement=departement,
        aujourdhui=aujourdhui,
        commune_existe=lambda c: referentiel.commune(c) is not None,
        mois=mois,
    )
    rapport = Rapport(
        nom_fichier=nom_fichier[:200],
        departement=departement,
        lignes=lecture.total,
        rejets=list(lecture.rejets),
        avertissements=list(lecture.avertissements),
        essai=essai,
    )
    empreinte = hashlib.sha256(contenu).hexdigest()
    precedent = (
        ImportFlux.objects.filter(empreinte=empreinte, departement=departement)
        .order_by("importe_le")
        .first()
    )
    if precedent:
        rapport.deja_importe_le = f"{timezone.localtime(precedent.importe_le):%d/%m/%Y à %H:%M}"
    if structure_detentrice is None:
        structure_detentrice = structure_insertion(departement)
    try:
        with transaction.atomic():
            _appliquer(
                lecture.lignes,
                rapport,
                departement=departement,
                structure_detentrice=structure_detentrice,
                utilisateur=utilisateur if utilisateur is not None else _user(request),
                request=request,
                empreinte=empreinte,
                aujourdhui=aujourdhui,
            )
            rapport.rejets.sort(key=lambda r: r.ligne)
            rapport.duree_s = time.perf_counter() - debut
            if essai:
                raise _Annuler
            ImportFlux.objects.filter(pk=rapport.import_id).update(
                rejets=[{"ligne": r.ligne, "message": r.message} for r in rapport.rejets],
                duree_s=rapport.duree_s,
            )
    except _Annuler:
        rapport.import_id = None
    rapport.duree_s = time.perf_counter() - debut
    return rapport


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _appliquer(
    lignes,
    rapport,
    *,
    departement,
    structure_detentrice,
    utilisateur,
    request,
    empreinte,
    aujourdhui,
):
    import_flux = ImportFlux.objects.create(
        nom_fichier=rapport.nom_fichier,
        empreinte=empreinte,
        departement=departement,
        structure=structure_detentrice,
        importe_par=utilisateur,
        lignes=rapport.lignes,
    )
    rapport.import_id = import_flux.pk
    modele_audit = journaliser(
        request, Action.CREATION, "import_rsa", objet_id=import_flux.pk, user=utilisateur
    )
    territoires = _territoires({lg.commune for lg in lignes})

    # 1. Known allocataire numbers.
    existants = {
        f"{b.organisme}:{b.numero_allocataire}": b
        for lot in _par_lots({(lg.numero) for lg in lignes})
        for b in Beneficiaire.objects.filter(departement=departement, numero_allocataire__in=lot)
        .select_related("personne")
        .only(
            "id",
            "organisme",
            "numero_allocataire",
            "date_entree",
            "statut",
            "sorti_le",
            "motif_sortie",
            "nombre_enfants",
            "territoire_id",
            "personne__id",
            "personne__structure_id",
            "personne__commune_code",
            "personne__telephone",
            "personne__courriel",
        )
    }
    en_attente = set(
        Rapprochement.objects.filter(
            departement=departement, statut=Rapprochement.Statut.A_TRAITER
        ).values_list("cle", flat=True)
    )
    mouvements_connus = set()
    ids = [b.pk for b in existants.values()]
    for lot in _par_lots(ids):
        mouvements_connus.update(
            Mouvement.objects.filter(beneficiaire_id__in=lot).values_list(
                "beneficiaire_id", "mois", "type"
            )
        )

    # 2. Unknown numbers: look for the person's file (same birth dates first).
    inconnues = [lg for lg in lignes if lg.cle not in existants]
    candidats_par_date: dict[date, list[regles_accueil.Candidat]] = defaultdict(list)
    avec_rsa: set[int] = set()
    dates = {lg.date_naissance for lg in inconnues if lg.mouvement != "sortie"}
    for lot in _par_lots(dates):
        for pk, nom, prenom, dn in Personne.objects.filter(
            date_naissance__in=lot, anonymise_le__isnull=True
        ).values_list("pk", "nom", "prenom", "date_naissance"):
            candidats_par_date[dn].append(regles_accueil.Candidat(pk, nom, prenom, dn))
    ids_candidats = [c.id for cs in candidats_par_date.values() for c in cs]
    for lot in _par_lots(ids_candidats):
        avec_rsa.update(
            Beneficiaire.objects.filter(personne_id__in=lot).values_list("personne_id", flat=True)
        )

    nouvelles_personnes: list[tuple[flux.LigneFlux, Personne]] = []
    rattachements: list[tuple[flux.LigneFlux, int]] = []
    a_modifier_b: dict[int, Beneficiaire] = {}
    a_modifier_p: dict[int, Personne] = {}
    mouvements: list[Mouvement] = []
    evenements: list[Evenement] = []
    audits: list[tuple[str, int, int, int]] = []  # action, beneficiaire id, personne id, holder
    rapprochements: list[Rapprochement] = []

    for lg in lignes:
        b = existants.get(lg.cle)
        if b is None:
            if lg.cle in en_attente:
                rapport.ambigus += 1
                continue
            if lg.mouvement == "sortie":
                rapport.rejets.append(
                    flux.Rejet(
                        lg.ligne,
                        f"sortie d'un allocataire inconnu (numéro {lg.numero}) : la ligne "
                        "d'entrée n'a jamais été importée.",
                    )
                )
                continue
            detentrice = structure_detentrice.pk if structure_detentrice else None
            detentrice = detentrice or territoires.get(lg.commune)
            if detentrice is None:
                rapport.rejets.append(
                    flux.Rejet(
                        lg.ligne,
                        f"commune « {lg.commune} » : aucune structure ne détient les dossiers "
                        "de cette commune (ni service insertion, ni MDS / EDS dans l'annuaire).",
                    )
                )
                continue
            candidats = candidats_par_date.get(lg.date_naissance)
            trouves = (
                regles_accueil.doublons_probables(lg.nom, lg.prenom, lg.date_naissance, candidats)
                if candidats
                else []
            )
            identiques = [d for d in trouves if d.certitude == "identique"]
            if len(trouves) == 1 and len(identiques) == 1 and identiques[0].id not in avec_rsa:
                rattachements.append((lg, identiques[0].id))
                avec_rsa.add(identiques[0].id)
                continue
            if trouves:
                rapprochements.append(
                    Rapprochement(
                        import_flux=None,
                        departement=departement,
                        ligne=lg.ligne,
                        cle=lg.cle,
                        donnees=_donnees_ligne(lg),
                        candidats=[
                            {"id": d.id, "certitude": d.certitude, "score": d.score}
                            for d in trouves
                        ],
                    )
                )
                en_attente.add(lg.cle)
                rapport.ambigus += 1
                continue
            p = Personne(
                structure_id=detentrice,
                nom=lg.nom,
                prenom=lg.prenom,
                nom_normalise=regles_accueil.normaliser(lg.nom)[:100],
                prenom_normalise=regles_accueil.normaliser(lg.prenom)[:100],
                date_naissance=lg.date_naissance,
                commune_code=lg.commune,
                telephone=lg.telephone,
                courriel=lg.courriel,
                cree_par=utilisateur,
            )
            nouvelles_personnes.append((lg, p))
            continue

        # A known beneficiary: apply what changed.
        change_b, change_p = _differences(b, lg, territoires)
        mouvement_connu = (b.pk, lg.mois, lg.mouvement) in mouvements_connus
        if not change_b and not change_p and mouvement_connu:
            rapport.inchanges += 1
            continue
        if change_b:
            a_modifier_b[b.pk] = b
        if change_p:
            a_modifier_p[b.personne.pk] = b.personne
        if not mouvement_connu:
            mouvements_connus.add((b.pk, lg.mois, lg.mouvement))
            mouvements.append(_mouvement(b.pk, lg, import_flux, change_b | change_p))
        if change_b or change_p:
            if lg.mouvement == "sortie":
                rapport.sorties += 1
                libelle = f"Sortie du RSA : {regles.MOTIFS_SORTIE[lg.motif_sortie].lower()}"
            else:
                rapport.modifies += 1
                libelle = "Changement signalé par le flux : " + ", ".join(
                    sorted(flux.LIBELLES.get(c, c) for c in change_b | change_p)
                )
            evenements.append({"beneficiaire_id": b.pk, "type": "flux", "libelle": libelle[:300]})
            audits.append(("modification", b.pk, b.personne.pk, b.personne.structure_id))
        else:
            rapport.inchanges += 1

    # 3. Writes, in batches.
    _inserer(Personne, [p for _, p in nouvelles_personnes], avec_ids=True)
    detenteurs = dict(
        Personne.objects.filter(
            pk__in=[personne_id for _, personne_id in rattachements]
        ).values_list("pk", "structure_id")
    )
    nouveaux = [
        (lg, _beneficiaire(lg, p.pk, departement, territoires), p.structure_id, False)
        for lg, p in nouvelles_personnes
    ]
    nouveaux += [
        (lg, _beneficiaire(lg, pid, departement, territoires), detenteurs.get(pid), True)
        for lg, pid in rattachements
    ]
    _inserer(Beneficiaire, [b for _, b, _, _ in nouveaux], avec_ids=True)
    for lg, b, detentrice, rattache in nouveaux:
        mouvements.append(_mouvement(b.pk, lg, import_flux, set()))
        evenements.append(
            {
                "beneficiaire_id": b.pk,
                "type": "entree",
                "libelle": (
                    "Entrée dans le RSA (flux "
                    f"{regles.ORGANISMES[lg.organisme]} de {lg.mois:%m/%Y})"
                    + (" : rattachée au dossier existant" if rattache else "")
                ),
            }
        )
        audits.append(("creation", b.pk, b.personne_id, detentrice))
    rapport.nouveaux = len(nouvelles_personnes)
    rapport.rattaches = len(rattachements)
    if a_modifier_b:
        _mettre_a_jour(
            Beneficiaire,
            list(a_modifier_b.values()),
            [
                "date_entree",
                "statut",
                "sorti_le",
                "motif_sortie",
                "nombre_enfants",
                "territoire_id",
                "modifie_le",
            ],
        )
    if a_modifier_p:
        _mettre_a_jour(
            Personne, list(a_modifier_p.values()), ["commune_code", "telephone", "courriel"]
        )
    for r in rapprochements:
        r.import_flux = import_flux
    Rapprochement.objects.bulk_create(rapprochements, batch_size=LOT)
    _inserer(Mouvement, mouvements)
    _inserer(Evenement, evenements)
    _inserer(
        EvenementAudit,
        [
            {
                "utilisateur_id": modele_audit.utilisateur_id,
                "identifiant": modele_audit.identifiant,
                "structure_id": modele_audit.structure_id,
                "action": action,
                "objet": "beneficiaire_rsa",
                "objet_id": bid,
                "personne_id": pid,
                "structure_dossier_id": detentrice,
                "ip": modele_audit.ip,
                "canal": modele_audit.canal,
                "chemin": modele_audit.chemin,
            }
            for action, bid, pid, detentrice in audits
        ],
    )
    ImportFlux.objects.filter(pk=import_flux.pk).update(
        nouveaux=rapport.nouveaux,
        rattaches=rapport.rattaches,
        modifies=rapport.modifies,
        sorties=rapport.sorties,
        inchanges=rapport.inchanges,
        ambigus=rapport.ambigus,
    )


# --- fast writes: one INSERT / UPDATE prepared once, executemany in batches -------------------
# (Django's bulk_create prepares every value through the expression machinery: ~4 times slower
# for the 50 000 rows a 10 000-line file writes.)


def _convertisseur(f):
    from django.db.models import DateTimeField, JSONField

    if isinstance(f, DateTimeField | JSONField):
        return lambda v: f.get_db_prep_save(v, connection)
    if connection.vendor == "sqlite" and f.get_internal_type() == "DateField":
        return lambda v: None if v is None else v.isoformat()
    return None


def _reserver_ids(modele, n: int) -> list[int]:
    """n new primary keys, taken inside the import's transaction (on SQLite the transaction
    already holds the write lock; on PostgreSQL the sequence is shared safely)."""
    table = modele._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, n],
            )
            return [r[0] for r in c.fetchall()]
        c.execute(f'SELECT MAX(id) FROM "{table}"')
        maximum = c.fetchone()[0] or 0
        c.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = c.fetchone()
        debut = max(maximum, row[0] if row else 0) + 1
        return list(range(debut, debut + n))


def _inserer(modele, objets: list, *, avec_ids: bool = False) -> None:
    """Insert model instances, or dicts of attribute names (missing ones take the field's
    default): one INSERT prepared once; date and time values converted once each."""
    if not objets:
        return
    meta = modele._meta
    if avec_ids:
        for obj, pk in zip(objets, _reserver_ids(modele, len(objets)), strict=True):
            obj.pk = pk
    champs = [f for f in meta.concrete_fields if avec_ids or not f.primary_key]
    maintenant = timezone.now()
    defauts = {
        f.attname: maintenant
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        else (None if f.primary_key else f.get_default())
        for f in champs
    }
    automatiques = {a for a, v in defauts.items() if v is maintenant}
    convertisseurs = [_convertisseur(f) for f in champs]
    memos: list[dict] = [{} for _ in champs]
    colonnes = ", ".join(connection.ops.quote_name(f.column) for f in champs)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({colonnes}) "
        f"VALUES ({', '.join(['%s'] * len(champs))})"
    )
    en_dict = isinstance(objets[0], dict)
    noms = [f.attname for f in champs]
    lignes = []
    for obj in objets:
        valeurs = []
        for i, nom in enumerate(noms):
            if en_dict:
                v = obj.get(nom, defauts[nom]) if nom in obj else defauts[nom]
            elif nom in automatiques:
                v = maintenant
            else:
                v = getattr(obj, nom)
            conv = convertisseurs[i]
            if conv is not None:
                if v is None or isinstance(v, date):
                    memo = memos[i]
                    if v in memo:
                        v = memo[v]
                    else:
                        v = memo[v] = conv(v)
                else:
                    v = conv(v)
            valeurs.append(v)
        lignes.append(valeurs)
    with connection.cursor() as c:
        for i in range(0, len(lignes), LOT):
            c.executemany(sql, lignes[i : i + LOT])


def _mettre_a_jour(modele, objets: list, noms: list[str]) -> None:
    if not objets:
        return
    meta = modele._meta
    champs = [meta.get_field(n) for n in noms]
    convertisseurs = [_convertisseur(f) for f in champs]
    affectations = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in champs)
    sql = f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {affectations} WHERE id = %s"
    lignes = []
    for obj in objets:
        valeurs = []
        for f, conv in zip(champs, convertisseurs, strict=True):
            v = getattr(obj, f.attname)
            valeurs.append(conv(v) if conv else v)
        lignes.append([*valeurs, obj.pk])
    with connection.cursor() as c:
        for i in range(0, len(lignes), LOT):
            c.executemany(sql, lignes[i : i + LOT])


def _donnees_ligne(lg: flux.LigneFlux) -> dict:
    return {
        "organisme": lg.organisme,
        "numero": lg.numero,
        "mois": lg.mois.isoformat(),
        "mouvement": lg.mouvement,
        "nom": lg.nom,
        "prenom": lg.prenom,
        "date_naissance": lg.date_naissance.isoformat(),
        "commune": lg.commune,
        "telephone": lg.telephone,
        "courriel": lg.courriel,
        "date_ouverture": lg.date_ouverture.isoformat() if lg.date_ouverture else None,
        "nombre_enfants": lg.nombre_enfants,
    }


def ligne_depuis_donnees(d: dict, ligne: int = 0) -> flux.LigneFlux:
    return flux.LigneFlux(
        ligne=ligne,
        organisme=d["organisme"],
        numero=d["numero"],
        departement="",
        mois=date.fromisoformat(d["mois"]),
        mouvement=d["mouvement"],
        nom=d["nom"],
        prenom=d["prenom"],
        date_naissance=date.fromisoformat(d["date_naissance"]),
        commune=d["commune"],
        telephone=d.get("telephone") or "",
        courriel=d.get("courriel") or "",
        date_ouverture=date.fromisoformat(d["date_ouverture"]) if d.get("date_ouverture") else None,
        nombre_enfants=d.get("nombre_enfants"),
    )


def _beneficiaire(lg, personne_id, departement, territoires) -> Beneficiaire:
    return Beneficiaire(
        personne_id=personne_id,
        departement=departement,
        organisme=lg.organisme,
        numero_allocataire=lg.numero,
        territoire_id=territoires.get(lg.commune),
        date_entree=lg.date_ouverture or lg.mois,
        statut="sorti" if lg.mouvement == "sortie" else "ouvert",
        sorti_le=lg.date_fin if lg.mouvement == "sortie" else None,
        motif_sortie=lg.motif_sortie,
        nombre_enfants=lg.nombre_enfants,
    )


def _mouvement(beneficiaire_id, lg, import_flux, changes) -> dict:
    return {
        "beneficiaire_id": beneficiaire_id,
        "mois": lg.mois,
        "type": lg.mouvement,
        "motif_sortie": lg.motif_sortie,
        "import_flux_id": import_flux.pk if import_flux else None,
        "details": {"ligne": lg.ligne, "champs": sorted(changes)},
    }


def _differences(b: Beneficiaire, lg: flux.LigneFlux, territoires) -> tuple[set, set]:
    """Apply the row to the beneficiary and its file in memory; return the changed fields."""
    change_b, change_p = set(), set()

    def poser(obj, attr, valeur, champ, ensemble):
        if getattr(obj, attr) != valeur:
            setattr(obj, attr, valeur)
            ensemble.add(champ)

    if lg.mouvement == "sortie":
        poser(b, "statut", "sorti", "statut", change_b)
        poser(b, "sorti_le", lg.date_fin, "date_fin", change_b)
        poser(b, "motif_sortie", lg.motif_sortie, "motif_sortie", change_b)
        return change_b, change_p
    if b.statut == "sorti" and lg.mouvement == "entree":
        poser(b, "statut", "ouvert", "statut", change_b)
        b.sorti_le, b.motif_sortie = None, ""
    if lg.date_ouverture and (lg.mouvement == "entree" or b.date_entree is None):
        poser(b, "date_entree", lg.date_ouverture, "date_ouverture", change_b)
    if lg.nombre_enfants is not None:
        poser(b, "nombre_enfants", lg.nombre_enfants, "nombre_enfants", change_b)
    p = b.personne
    poser(p, "commune_code", lg.commune, "commune", change_p)
    poser(b, "territoire_id", territoires.get(lg.commune), "commune", change_b)
    if lg.telephone:
        poser(p, "telephone", lg.telephone, "telephone", change_p)
    if lg.courriel:
        poser(p, "courriel", lg.courriel, "courriel", change_p)
    if change_b:
        b.modifie_le = timezone.now()
    return change_b, change_p
