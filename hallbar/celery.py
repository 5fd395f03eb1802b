"""The Celery app. Without REDIS_URL tasks run eagerly in-process (the embedded default).

Tasks are declared with ``base.jobs.reliable_task`` and handed to the broker with ``base.jobs.enqueue``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallbar.settings")

app = Celery("hallbar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
