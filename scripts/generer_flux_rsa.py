"""Writes the DEMONSTRATION monthly CAF / MSA files of RSA beneficiaries under content/rsa/demo/.

    .venv/bin/python scripts/generer_flux_rsa.py

Deterministic (same files at every run): every person is fictitious (see rsa/generation.py).
"""

import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from rsa.generation import fichiers_demo  # noqa: E402


def main() -> None:
    dossier = RACINE / "content" / "rsa" / "demo"
    dossier.mkdir(parents=True, exist_ok=True)
    for nom, contenu in sorted(fichiers_demo().items()):
        (dossier / nom).write_bytes(contenu)
        print(f"{nom} : {len(contenu) // 1024} Kio")


if __name__ == "__main__":
    main()
