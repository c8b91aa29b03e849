"""tipcheck: typed claims with provenance, and the checks that find where sources disagree.

import tipcheck
report = tipcheck.check(["fixtures/seeds"])        # -> Report, configured as the CLI is
claims = tipcheck.extract(text, as_of="2008-06")   # -> list[Claim]
pack = tipcheck.load_rules("rules/tip")            # -> RulePack
"""

from tipcheck.checking import check
from tipcheck.claims import Claim
from tipcheck.extraction.sentences import extract
from tipcheck.findings import Evidence, Finding, InputError
from tipcheck.report.model import Report
from tipcheck.rulepack import RulePack, load_rules
from tipcheck.values import Breakdown, Comparison, Entity, EntitySet, Event, Quantity, Tier, Time
from tipcheck.version import __version__

__all__ = [
    "Breakdown",
    "Claim",
    "Comparison",
    "Entity",
    "EntitySet",
    "Event",
    "Evidence",
    "Finding",
    "InputError",
    "Quantity",
    "Report",
    "RulePack",
    "Tier",
    "Time",
    "__version__",
    "check",
    "extract",
    "load_rules",
]
