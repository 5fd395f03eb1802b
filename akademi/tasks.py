"""The academy's Celery tasks: thin, they take ids and call the services (which make them idempotent)."""

from django.db import OperationalError as DatabaseUnavailable

from akademi import services
from base.jobs import reliable_task

# A mail server that does not answer is retried too, a little longer.
RETRIES = {"autoretry_for": (DatabaseUnavailable, ConnectionError), "max_retries": 5}


@reliable_task(**RETRIES)
def send_registration_confirmation(registration_id: int, site_url: str) -> bool:
    """Mail the confirmation of a registration; sent once, whatever the retries."""
    return services.send_confirmation(registration_id, site_url)


@reliable_task(**RETRIES)
def send_already_registered(registration_id: int, site_url: str) -> bool:
    """Mail an address registered again that it already is, with its cancel link."""
    return services.send_already_registered(registration_id, site_url)


@reliable_task(**RETRIES)
def send_newcomer_invitation(invitation_id: int, site_url: str) -> bool:
    """Mail an offer of an introduction training to someone new in the network; sent once."""
    return services.send_invitation(invitation_id, site_url)


@reliable_task(**RETRIES)
def anonymise_expired_registrations() -> int:
    """Celery beat, daily: external people's data go ACADEMY_RETENTION_DAYS after their event, and
    registrations never confirmed go once their link to confirm has expired."""
    return services.anonymise_expired() + services.expire_unconfirmed()


@reliable_task(**RETRIES)
def send_pending_academy_mail() -> int:
    """Celery beat, hourly: confirmations and invitations that could not be sent when due."""
    return services.send_pending_mail()
