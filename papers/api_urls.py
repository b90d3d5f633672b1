"""API routes of papers, mounted under /api/."""

app_name = "papers"
urlpatterns: list = []
