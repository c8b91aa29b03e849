"""tipcheck: typed claims with provenance, and the checks that find where sources disagree."""

__version__ = "0.1.0"
