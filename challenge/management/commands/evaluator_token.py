from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from emc2.enums import RoleKind
from emc2.models import Role, User


class Command(BaseCommand):
    help = "Print (creating if needed) the API token of an evaluator account."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token.")

    def handle(self, *args, email, rotate, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account {email}.")
        editions = list(
            Role.objects.filter(person__user=user, kind=RoleKind.EVALUATOR).values_list(
                "edition__slug", flat=True
            )
        )
        if not editions:
            raise CommandError(f"{email} is not an evaluator of any edition.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(f"{token.key}  (evaluator of {', '.join(sorted(editions))})")
