"""Signals other apps may listen to (program does). Sent by papers' services only."""

from django.dispatch import Signal

# Sent by ``papers.services.paper_withdraw`` inside its transaction, with
# ``sender=Paper, paper=<Paper>``. Receivers must be quick; queue slow work on commit.
paper_withdrawn = Signal()
