"""Survey endpoints of the API (/api/v1/assessment/…). Filled in once the survey's models are settled."""

urlpatterns: list = []
