"""Regenerate content/territoires/*.csv from the npm package @etalab/decoupage-administratif.

    cd /tmp && npm install @etalab/decoupage-administratif@6.0.0
    .venv/bin/python scripts/territoires_depuis_npm.py /tmp/node_modules/@etalab/decoupage-administratif/data

Writes communes.csv (current communes, with their EPCI), departements.csv and epci.csv.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

SORTIE = Path(__file__).resolve().parent.parent / "content" / "territoires"


def main(donnees: Path) -> None:
    communes = json.loads((donnees / "communes.json").read_text(encoding="utf-8"))
    departements = json.loads((donnees / "departements.json").read_text(encoding="utf-8"))
    epcis = json.loads((donnees / "epci.json").read_text(encoding="utf-8"))
    epci_de = {m["code"]: e["code"] for e in epcis for m in e["membres"]}

    with open(SORTIE / "communes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            ["code_insee", "nom", "departement", "region", "codes_postaux", "population", "epci"]
        )
        for c in sorted(communes, key=lambda c: c["code"]):
            if c.get("type") != "commune-actuelle":
                continue
            w.writerow(
                [
                    c["code"],
                    c["nom"],
                    c["departement"],
                    c["region"],
                    " ".join(c.get("codesPostaux", [])),
                    c.get("population") or "",
                    epci_de.get(c["code"], ""),
                ]
            )
    with open(SORTIE / "departements.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "nom", "region", "chef_lieu"])
        for d in departements:
            w.writerow([d["code"], d["nom"], d["region"], d["chefLieu"]])
    with open(SORTIE / "epci.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "nom", "type"])
        for e in sorted(epcis, key=lambda e: e["code"]):
            w.writerow([e["code"], e["nom"], e["type"]])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
