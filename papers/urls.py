"""Web routes of papers, mounted under /<edition>/."""

app_name = "papers"
urlpatterns: list = []
