"""API routes of program, mounted under /api/."""

app_name = "program"
urlpatterns: list = []
