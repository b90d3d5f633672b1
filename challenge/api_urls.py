"""API routes of challenge, mounted under /api/."""

app_name = "challenge"
urlpatterns: list = []
