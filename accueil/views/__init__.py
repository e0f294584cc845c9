"""Pages of the accueil, one module per area: the public online form (`demande`), the
structure's queue and its online requests (`file`), people's files (`dossiers`), contacts
(`contacts`), orientations (`orientations`), statistics (`statistiques`).

Thin: access through the one gate (`comptes.acces`, predicates of `accueil/perms.py`), reads in
`accueil.selectors`, writes in `accueil.services`, audit of each read.
"""
