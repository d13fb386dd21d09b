"""``python -m engine`` runs the ``followup`` command."""

from .cli import main

main(prog_name="followup")
