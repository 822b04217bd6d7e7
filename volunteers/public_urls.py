from django.urls import path

from .views import public

app_name = "volunteers_public"
urlpatterns = [
    path("register/", public.register, name="register"),
    path("register/done/", public.registered, name="registered"),
    path("verify/", public.verify, name="verify"),
    path("requests/new/", public.post_request, name="post_request"),
]
