from django.urls import path

from .views import public

app_name = "exemplars_public"
urlpatterns = [
    path("", public.index, name="index"),
    path("nominate/<int:round_pk>/", public.nominate, name="nominate"),
    path("nominate/done/", public.nominate_done, name="nominate_done"),
    path("publicity/<int:round_pk>/", public.publicity, name="publicity"),
    path("vote/<int:round_pk>/", public.vote_page, name="vote"),
    path("vote/<int:round_pk>/<int:pk>/", public.vote_cast, name="vote_cast"),
]
