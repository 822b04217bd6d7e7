from django.urls import path

from .views import portal

app_name = "campaigns"
urlpatterns = [
    path("tasks/", portal.task_list, name="task_list"),
    path("tasks/<int:pk>/", portal.task_detail, name="task_detail"),
    path("evidence-files/<int:pk>/", portal.evidence_file, name="evidence_file"),
    path("rectifications/", portal.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", portal.rectification_detail, name="rectification_detail"),
    path("rectification-files/<int:pk>/", portal.rectification_file, name="rectification_file"),
    path("inspection-photos/<int:pk>/", portal.inspection_photo, name="inspection_photo"),
    path("activities/", portal.activity_list, name="activity_list"),
    path("activities/new/", portal.activity_create, name="activity_create"),
    path("activity-photos/<int:pk>/", portal.activity_photo, name="activity_photo"),
]
