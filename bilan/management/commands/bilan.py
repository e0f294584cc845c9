"""solidarites bilan situation.json [--format json|texte]

Reads one situation (the JSON contract of the API) or a list of situations from a file ("-" for
standard input) and prints the result(s). Wrong input: French messages naming each field on
standard error, exit status 2.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from bilan.moteur import Situation, evaluer
from bilan.texte import resultat_en_texte
from solidarites.erreurs import messages_champs


class Command(BaseCommand):
    help = "Bilan d'accès aux droits d'un foyer décrit en JSON (une situation ou une liste)."

    def add_arguments(self, parser):
        parser.add_argument(
            "fichier", help="Fichier JSON de la situation (« - » : entrée standard)."
        )
        parser.add_argument(
            "--format",
            choices=["json", "texte"],
            default="json",
            help="json (par défaut) ou texte lisible par une personne.",
        )

    def handle(self, fichier, format, **options):
        try:
            if fichier == "-":
                data = json.load(sys.stdin)
            else:
                with open(fichier, encoding="utf-8") as f:
                    data = json.load(f)
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {fichier}", returncode=2) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"Le fichier n'est pas un JSON valide : {exc}", returncode=2
            ) from None
        liste = isinstance(data, list)
        situations, erreurs = [], []
        for i, item in enumerate(data if liste else [data]):
            try:
                situations.append(Situation.model_validate(item))
            except ValidationError as exc:
                for e in messages_champs(exc.errors()):
                    prefixe = f"[{i}] " if liste else ""
                    erreurs.append(f"{prefixe}{e['champ']} : {e['message']}")
        if erreurs:
            raise CommandError("Situation invalide :\n" + "\n".join(erreurs), returncode=2)
        resultats = evaluer(situations)
        if format == "texte":
            self.stdout.write("\n\n".join(resultat_en_texte(r) for r in resultats))
        else:
            sortie = [r.model_dump(mode="json") for r in resultats]
            self.stdout.write(
                json.dumps(sortie if liste else sortie[0], ensure_ascii=False, indent=2)
            )
