"""A bilan result as plain French text (command line, `--format texte`)."""

from bilan.moteur import ResultatBilan
from bilan.moteur.droits_nationaux import euros


def resultat_en_texte(r: ResultatBilan) -> str:
    from bilan.restitution import mois_en_mots  # (restitution imports this module)

    lignes = [f"Bilan d'accès aux droits — {mois_en_mots(r.mois)}, commune {r.commune}", ""]
    eligibles = [d for d in r.droits if d.eligible]
    autres = [d for d in r.droits if not d.eligible]
    lignes.append(f"Droits probables ({len(eligibles)}) :")
    for d in eligibles:
        if d.periodicite == "mensuelle" and d.montant_mensuel:
            montant = f"{euros(d.montant_mensuel)} par mois"
        elif d.montant:
            montant = f"{euros(d.montant)}, versé {d.versement or 'ponctuellement'}"
        elif d.participation_mensuelle is not None:
            montant = (
                "gratuite"
                if d.participation_mensuelle == 0
                else f"participation de {euros(d.participation_mensuelle)} par mois"
            )
        else:
            montant = "montant selon votre demande"
        statut = " (déjà perçu)" if d.deja_percu else " — probablement non demandé"
        lignes.append(f"  • {d.titre} : {montant}{statut}")
        lignes.append(f"    {d.explication}")
        if d.ce_qui_changerait:
            lignes.append(f"    {d.ce_qui_changerait}")
    lignes += ["", f"Total estimé par mois : {euros(r.total_mensuel)}", ""]
    lignes.append(f"Droits non ouverts d'après votre situation ({len(autres)}) :")
    for d in autres:
        lignes.append(f"  • {d.titre} : {d.explication}")
    if r.avertissements:
        lignes += ["", "À savoir :"] + [f"  – {a}" for a in r.avertissements]
    return "\n".join(lignes)
