"""The `solidarites` command: Django's management commands under the project's name.

`solidarites bilan situation.json`, `solidarites depistage entree.csv --sortie sortie.csv`,
`solidarites charger_droits`… are the management commands of the apps.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["solidarites", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
