"""Who may manage harmonised requirements and who may read a version's files.

Who answers a consultation or records a region's uptake is regions.access.speaks_for_region.
"""

from regions.access import Capability, has_capability


def can_manage_requirements(user) -> bool:
    """Propose, consult, adopt and retire versions, tick their checklist and attach their files."""
    return has_capability(user, Capability.MANAGE_REQUIREMENTS)


def versions_with_files_for(user, versions):
    """Those of ``versions`` whose files the person may download: every version for members of the
    network, the adopted ones for everyone."""
    return versions if has_capability(user, Capability.MEMBER) else versions.current()
