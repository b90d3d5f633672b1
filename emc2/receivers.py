from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from emc2.services import person_link_user


@receiver(email_confirmed)
def link_person_on_email_confirmed(sender, request, email_address, **kwargs):
    # The e-mail is verified now, so it is safe to attach the Person with that address.
    if email_address.primary or email_address.user.email == email_address.email:
        person_link_user(user=email_address.user)
