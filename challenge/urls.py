"""Web routes of challenge, mounted under /<edition>/."""

app_name = "challenge"
urlpatterns: list = []
