"""What the API answers to OPTIONS. Apart from emc2.api for the same reason as api_auth: DRF
imports it while ``rest_framework.views`` loads."""

from rest_framework.metadata import SimpleMetadata


class ApiMetadata(SimpleMetadata):
    """Names the view and its formats, not its fields: /api/schema/ describes those. DRF's
    field listing looks up the object first, which not every view supports, so an OPTIONS
    probe ended in a server error."""

    def determine_actions(self, request, view) -> dict:
        return {}
