from django.db import models


class Compteur(models.Model):
    """One counter per (usage, client fingerprint, time window): limits on public forms.

    Incremented by a conditional UPDATE (`solidarites.limites.consommer`), atomic on SQLite and
    PostgreSQL alike: parallel requests cannot pass the limit."""

    cle = models.CharField(max_length=120, unique=True)
    nombre = models.PositiveIntegerField(default=0)
    fin = models.DateTimeField("fin de la fenêtre", db_index=True)

    class Meta:
        verbose_name = "compteur de limite"

    def __str__(self):
        return f"{self.cle} : {self.nombre}"
