"""``python -m claimgraph``: the command line."""

from claimgraph.cli import main

if __name__ == "__main__":
    main()
