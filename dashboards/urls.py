from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("region/<str:code>/", views.region, name="region"),
    path("region/<str:code>/export/", views.region_export, name="region_export"),
    path("region/<str:code>/refresh/", views.region_refresh, name="region_refresh"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("figures/<str:key>/", views.figure_list, name="figure_list"),
]
