from allauth.account.signals import email_confirmed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from emc2.conditional import public_generation_bump
from emc2.services import person_link_user


@receiver(email_confirmed)
def link_person_on_email_confirmed(sender, request, email_address, **kwargs):
    # The e-mail is verified now, so it is safe to attach the Person with that address.
    if email_address.primary or email_address.user.email == email_address.email:
        person_link_user(user=email_address.user)


# Rows whose writes never change a public page: sessions, the outbox, the admin's log, the
# Celery bookkeeping. Every other write moves the public generation (emc2.conditional).
_NOT_PUBLIC_APPS = {
    "sessions",
    "admin",
    "contenttypes",
    "django_celery_results",
    "django_celery_beat",
}
_NOT_PUBLIC_MODELS = {"emc2.outboxmail"}


def _public_write(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in _NOT_PUBLIC_APPS or meta.label_lower in _NOT_PUBLIC_MODELS:
        return
    public_generation_bump()


post_save.connect(_public_write, dispatch_uid="emc2.public_generation_save")
post_delete.connect(_public_write, dispatch_uid="emc2.public_generation_delete")
m2m_changed.connect(_public_write, dispatch_uid="emc2.public_generation_m2m")
