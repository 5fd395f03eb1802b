from base.jobs import reliable_task
from revisioner import reminders
from revisioner.services import contacts, imports


@reliable_task()
def send_action_reminders() -> int:
    """Celery beat, every morning; idempotent: the reminder rows record what was sent."""
    return reminders.send_action_reminders()


@reliable_task()
def mail_supplier_message(message_id: int) -> bool:
    """Mails a message to a supplier's contact persons; once (the message row records it)."""
    return contacts.mail_message(message_id)


@reliable_task()
def mail_coordinators_of_action(action_id: int, event: str) -> int:
    """Tells the coordinators that the supplier proposed a plan or reported it carried out."""
    return contacts.mail_coordinators_of_action(action_id, event)


@reliable_task()
def run_import_job(job_id: int) -> None:
    """The dry run or the import of a large file; thin on purpose: the work and its idempotence are in the service."""
    imports.run_import_job(job_id)
