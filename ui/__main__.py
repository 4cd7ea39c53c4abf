"""`python -m ui` runs the command line (the `assistant` console script)."""

from ui.cli import run

run()
