"""Pages of suppliers, contracts, audits with their ratings, deviations and corrective actions,
the assessment template, the public summaries, the audit plan and the import page, one module
each.

Reads go through ``visible_to``/``get_for_user``; writes through ``get_for_user(..., edit=True)``
and the functions of revisioner/services/; who may do what through revisioner/access.py.

Other apps add a section to the supplier page through ``SUPPLIER_SECTIONS`` (imported from here).
"""

from revisioner.views.suppliers import SUPPLIER_SECTIONS

__all__ = ["SUPPLIER_SECTIONS"]
