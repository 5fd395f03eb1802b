"""Import and export of suppliers, contracts and historical audits (django-import-export).

The same classes serve the browser's import page (through ``revisioner.services.import_file``),
``manage.py import`` and ``manage.py export`` (e.g. ``revisioner.resources.SupplierResource``).
An import is all or nothing (``base.imports``): ``check_dataset`` reads the whole file once,
resolves every reference with lookups cached for the file, and keeps each row's clean values;
only a file without problems is written, from those values. A resource takes the importing
``user`` (None when the system imports, as ``manage.py import`` does): a coordinator writes
contracts and audits of the procurement regions they coordinate only.

Every exported cell passes ``safe_cell``, so no spreadsheet program runs it as a formula (the
library's own escaping only drops a leading "="); a cell exported that way reads back as it was.
"""

from revisioner.resources.audits import AuditResource
from revisioner.resources.cells import Problems, cell
from revisioner.resources.contracts import ContractResource
from revisioner.resources.suppliers import SupplierResource

RESOURCES = {"suppliers": SupplierResource, "contracts": ContractResource, "audits": AuditResource}

__all__ = ["RESOURCES", "AuditResource", "ContractResource", "Problems", "SupplierResource", "cell"]
