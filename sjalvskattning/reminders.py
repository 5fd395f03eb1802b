"""Reminders to suppliers about their self-assessments, and the coordinators' notice of answers.

TODO(helper): send_request_reminders (7 days before the due date and the day after it, once per
request, kind and state: RequestReminder rows; each reminder is a SupplierMessage of kind
REQUEST_REMINDER) and mail_reviewers (mail the leading procurement region's coordinators)."""


def send_request_reminders() -> int:
    return 0


def mail_reviewers(request_id: int) -> int:
    return 0
