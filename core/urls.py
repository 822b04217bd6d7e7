from django.urls import path

from .views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.portal_home, name="home"),
    path("units/<int:pk>/", portal.unit_detail, name="unit_detail"),
    path("jobs/<int:pk>/", portal.job_status, name="job_status"),
    path("jobs/<int:pk>/retry/", portal.job_action, {"action": "retry"}, name="job_retry"),
    path("jobs/<int:pk>/cancel/", portal.job_action, {"action": "cancel"}, name="job_cancel"),
]
