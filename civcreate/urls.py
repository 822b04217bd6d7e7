from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.views import home

urlpatterns = [
    path("", home.landing, name="landing"),
    path("home/", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/home/"),
        name="password_change",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("portal/", include("core.urls")),
    path("portal/titles/", include("titles.urls")),
    path("portal/campaigns/", include("campaigns.urls")),
    path("portal/volunteers/", include("volunteers.urls")),
    path("portal/exemplars/", include("exemplars.urls")),
    path("notices/", include("notices.urls")),
    path("summaries/", include("summaries.urls")),
    path("dashboard/", include("dashboards.urls")),
    # Anonymous pages: registration, nomination, publicity (公示), certificate check.
    path("public/titles/", include("titles.public_urls")),
    path("public/volunteers/", include("volunteers.public_urls")),
    path("public/exemplars/", include("exemplars.public_urls")),
]
handler500 = "core.views.errors.server_error"
