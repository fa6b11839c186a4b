"""Run ``claimgraph`` with the tests' MiniStore registered if the real backend is not merged yet."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from claimgraph.graph import store as store_module  # noqa: E402

try:
    import claimgraph.graph.backends.oxigraph  # noqa: F401,E402
except ImportError:
    store_module.BACKENDS["memory"] = "tests.server._ministore:MiniStore"
    store_module.BACKENDS["oxigraph"] = "tests.server._ministore:MiniStore"

from claimgraph.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.argv[0] = "claimgraph"
    main()
