"""The workflows of suppliers, contracts, the assessment template and audits.

Each function is atomic, checks what the state machine allows, and records the acting user in
the change history. Views and commands call these (``from revisioner import services``); they
never change states themselves. One module per subject: ``suppliers``, ``contracts``, ``audits``
(the template, the audit's states, its summary), ``findings`` (deviations and corrective
actions), ``plan`` and ``imports``; ``common`` holds what they share.
"""

from revisioner.services.audits import (
    DEFAULT_SEVERITY,
    add_deviation,
    adopt_template,
    adopted_template,
    approve_summary,
    await_actions,
    cancel_audit,
    close_audit,
    draft_report,
    facility_for,
    plan_audit,
    rate,
    start_audit,
    submit_summary,
    why_not_closable,
    withdraw_summary,
)
from revisioner.services.common import VERSIONED, Status, check_leads
from revisioner.services.contacts import invite_supplier_contact, remove_supplier_contact, tell_supplier
from revisioner.services.contracts import save_contract
from revisioner.services.findings import (
    ACTION_STEPS,
    accept_plan,
    add_action,
    add_action_evidence,
    check_deviation,
    move_action,
    propose_plan,
    report_implemented,
    return_plan,
    set_severity,
    verify_at_desk,
)
from revisioner.services.imports import confirm_import, import_file, in_background, restart_import, start_import
from revisioner.services.plan import add_to_plan, adopt_plan, remove_from_plan
from revisioner.services.suppliers import NOT_YOUR_SUPPLIER, merge_suppliers, possible_duplicates, save_supplier

__all__ = [
    "ACTION_STEPS",
    "DEFAULT_SEVERITY",
    "NOT_YOUR_SUPPLIER",
    "VERSIONED",
    "Status",
    "accept_plan",
    "add_action",
    "add_action_evidence",
    "add_deviation",
    "add_to_plan",
    "adopt_plan",
    "adopt_template",
    "adopted_template",
    "approve_summary",
    "await_actions",
    "cancel_audit",
    "check_deviation",
    "check_leads",
    "close_audit",
    "confirm_import",
    "draft_report",
    "facility_for",
    "import_file",
    "in_background",
    "invite_supplier_contact",
    "merge_suppliers",
    "move_action",
    "plan_audit",
    "possible_duplicates",
    "propose_plan",
    "rate",
    "remove_from_plan",
    "remove_supplier_contact",
    "report_implemented",
    "restart_import",
    "return_plan",
    "save_contract",
    "save_supplier",
    "set_severity",
    "start_audit",
    "start_import",
    "submit_summary",
    "tell_supplier",
    "verify_at_desk",
    "why_not_closable",
    "withdraw_summary",
]
