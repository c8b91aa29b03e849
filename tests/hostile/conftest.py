import sys
from pathlib import Path

# the suite's helpers (cases, runner) are plain modules next to the tests
sys.path.insert(0, str(Path(__file__).parent))
