"""Web routes of program, mounted under /<edition>/."""

app_name = "program"
urlpatterns: list = []
