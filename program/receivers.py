"""Reactions to other apps' signals. Receivers stay quick: they run in the sender's
transaction."""

from django.dispatch import receiver

from papers.signals import paper_withdrawn
from program.services import items_unschedule_for_paper


@receiver(paper_withdrawn, dispatch_uid="program.unschedule_withdrawn_paper")
def unschedule_withdrawn_paper(sender, paper, **kwargs) -> None:
    items_unschedule_for_paper(paper_id=paper.pk)
