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


class Travailleur(models.Model):
    """A job worker's heartbeat (`solidarites travailleur`): a job left running by a worker
    whose heartbeat stopped is put back in the queue (solidarites.taches)."""

    identifiant = models.CharField(max_length=64, primary_key=True)
    demarre_le = models.DateTimeField("démarré le")
    vu_le = models.DateTimeField("dernier signe de vie", db_index=True)
    files = models.CharField("files traitées", max_length=200, blank=True)

    class Meta:
        verbose_name = "travailleur"

    def __str__(self):
        return self.identifiant


class VersionContenu(models.Model):
    """The version of the public content: a token changed on every write of the content
    (`solidarites.contenu`), part of the keys of the public page cache."""

    jeton = models.CharField(max_length=32)
    change_le = models.DateTimeField("changée le", auto_now=True)

    class Meta:
        verbose_name = "version du contenu public"

    def __str__(self):
        return self.jeton
