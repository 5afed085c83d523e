"""When each scheduler job last ran, shared by every host's scheduler."""

from django.db import models


class JobRun(models.Model):
    """One row per job: the wall-clock time (seconds since 1970) of its last run,
    so a job's interval holds across hosts, not only within one process."""

    name = models.CharField(max_length=100, primary_key=True)
    ran_at = models.FloatField()

    def __str__(self) -> str:
        return self.name
