from django.urls import path

from .views import leader, requests, staff, volunteer

app_name = "volunteers"
urlpatterns = [
    path("", leader.index, name="index"),
    path("review/", leader.review, name="review"),
    path("events/new/", leader.event_new, name="event_new"),
    path("events/<int:pk>/", leader.event_detail, name="event_detail"),
    path("me/", volunteer.me, name="me"),
    path("me/events/<int:pk>/signup/", volunteer.sign_up, name="sign_up"),
    path("me/certificate/", volunteer.certificate_new, name="certificate_new"),
    path("certificates/<int:pk>.<str:fmt>", volunteer.certificate_file, name="certificate_file"),
    path("roster/", staff.volunteer_list, name="list"),
    path("roster/export/", staff.volunteer_export, name="export"),
    path("roster/<int:pk>/", staff.volunteer_detail, name="detail"),
    path("teams/", staff.team_tree, name="teams"),
    path("import/", staff.import_start, name="import"),
    path("import/confirm/", staff.import_confirm, name="import_confirm"),
    path("import/jobs/<int:pk>/", staff.import_job, name="import_job"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
]
