"""``python -m engine`` runs the ``followup`` command."""

from .frontends.cli import main

main(prog_name="followup")
