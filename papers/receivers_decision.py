"""Receivers of decisions: a new edition has no published accepted-papers page.

Setting the cached flag when the edition is created spares the edition navigation, which
is on every page, a query for it (see papers.selectors.accepted_page_published_cached).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from emc2.models import Edition


@receiver(post_save, sender=Edition, dispatch_uid="papers_new_edition_page_flag")
def new_edition_page_unpublished(sender, instance, created, **kwargs):
    if created:
        from papers.selectors import accepted_page_cache_set

        accepted_page_cache_set(edition=instance, published=False)
