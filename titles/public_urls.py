from django.urls import path

from .views import public

app_name = "titles_public"
urlpatterns = [
    path("", public.publicity, name="publicity"),
]
