"""Envelopes near exhaustion: listed (simulation, the default) or sent by e-mail to the aid
service and finance (--wet-run), through the project's mail backend."""

from django.utils import timezone

from aides_financieres.selectors import alertes_enveloppes
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Alerte avant l'épuisement des enveloppes du fonds unique (seuil de chaque enveloppe) : "
        "liste les enveloppes en alerte ; avec --wet-run, envoie un courriel aux adresses "
        "données (--destinataire)."
    )

    def arguments(self, parser):
        parser.add_argument("--departement", choices=["77", "94", "71"], action="append")
        parser.add_argument("--annee", type=int, default=None)
        parser.add_argument(
            "--destinataire",
            action="append",
            default=[],
            help="Adresse du service des aides financières ou des finances (répétable).",
        )

    def _alertes(self, departement=None, annee=None, **options):
        annee = annee or timezone.localdate().year
        out = []
        for dep in departement or ["77", "94", "71"]:
            for ligne in alertes_enveloppes(dep, annee):
                out.append(
                    f"{dep} — {ligne['fonds_label']} ({ligne['territoire']}, {annee}) : "
                    f"{ligne['etat'].message}"
                )
        return out

    def a_changer(self, **options):
        lignes = self._alertes(**options)
        if not options.get("destinataire"):
            return lignes
        return [f"courriel à {len(options['destinataire'])} adresse(s) : {x}" for x in lignes]

    def appliquer(self, **options):
        from solidarites.taches import programmer_courriel

        lignes = self._alertes(**options)
        if not lignes or not options.get("destinataire"):
            return f"{len(lignes)} enveloppe(s) en alerte ; aucun courriel envoyé."
        texte = (
            "Bonjour,\n\nCes enveloppes du fonds unique de solidarité approchent de leur "
            "épuisement :\n\n" + "\n".join(f"- {x}" for x in lignes) + "\n\nDétail : page "
            "« Budget et délais » des aides financières.\n"
        )
        for adresse in options["destinataire"]:
            programmer_courriel(adresse, "Aides financières : enveloppes en alerte", texte)
        return (
            f"{len(lignes)} enveloppe(s) en alerte ; courriel mis en file d'envoi pour "
            f"{len(options['destinataire'])} adresse(s)."
        )
