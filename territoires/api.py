from ninja import Field, Query, Router, Schema

from comptes.acces import page_publique
from territoires.selectors import rechercher_communes

TAG = "territoires"
router = Router()


class CommuneOut(Schema):
    code_insee: str = Field(examples=["77288"])
    nom: str = Field(examples=["Melun"])
    departement: str = Field(examples=["77"], description="Code du département.")
    nom_departement: str = Field("", examples=["Seine-et-Marne"])
    codes_postaux: list[str] = Field(examples=[["77000"]])
    population: int | None = None
    libelle: str = Field(examples=["Melun (77000)"])

    @staticmethod
    def from_commune(c) -> "CommuneOut":
        return CommuneOut(
            code_insee=c.code_insee,
            nom=c.nom,
            departement=c.departement_id,
            nom_departement=c.departement.nom if c.departement_id else "",
            codes_postaux=c.liste_codes_postaux,
            population=c.population,
            libelle=c.libelle,
        )


class RechercheCommunes(Schema):
    q: str = Field(
        min_length=1,
        max_length=100,
        description="Nom (accents, tirets et « St » / « Saint » indifférents), code postal ou code INSEE.",
        examples=["st remy", "71300"],
    )
    departement: str | None = Field(None, description="Limiter à un département (code).")
    limite: int = Field(20, ge=1, le=100)


@router.get(
    "/communes",
    response=list[CommuneOut],
    summary="Rechercher une commune",
    description="Les communes de France dont le nom ou le code postal correspond, les plus probables d'abord.",
)
@page_publique
def communes(request, filtres: Query[RechercheCommunes]):
    deps = [filtres.departement] if filtres.departement else None
    return [
        CommuneOut.from_commune(c)
        for c in rechercher_communes(filtres.q, filtres.limite, departements=deps)
    ]
