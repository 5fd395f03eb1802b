from base.jobs import reliable_task
from incidenter import services


@reliable_task()
def send_incident_notifications(event: str) -> int:
    """Mail an event's notifications; thin on purpose: the rows make it idempotent (services.py)."""
    return services.send_notifications(event)


@reliable_task()
def send_pending_incident_notifications() -> int:
    """Celery beat, hourly: what could not be queued or sent when its event happened."""
    return services.send_pending_notifications()
