from django.urls import path

from .views import portal

app_name = "exemplars"
urlpatterns = [
    path("", portal.index, name="index"),
    path("rounds/<int:round_pk>/nominate/", portal.nominate, name="nominate"),
    path("rounds/<int:round_pk>/ranking/", portal.ranking, name="ranking"),
    path("nominations/<int:pk>/", portal.nomination_detail, name="nomination"),
    path("files/<int:pk>/", portal.nomination_file, name="file"),
    path("reviews/<int:pk>/", portal.review, name="review"),
]
