"""tipcheck: typed claims with provenance, and the checks that find where sources disagree.

    import tipcheck
    report = tipcheck.check(["fixtures/seeds"])        # -> Report (findings, documents)
    claims = tipcheck.extract(text, as_of="2008-06")   # -> list[Claim]
    pack = tipcheck.load_rules("rules/tip")            # -> RulePack
"""

from tipcheck.version import __version__

from tipcheck.claims import Claim  # noqa: E402
from tipcheck.engine import check  # noqa: E402
from tipcheck.extract import extract  # noqa: E402
from tipcheck.findings import Evidence, Finding, InputError  # noqa: E402
from tipcheck.report import Report  # noqa: E402
from tipcheck.rulepack import RulePack, load_rules  # noqa: E402
from tipcheck.values import Breakdown, Comparison, Entity, EntitySet, Event, Quantity, Tier, Time  # noqa: E402

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
