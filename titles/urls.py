from django.urls import path

from .views import portal, reviews

app_name = "titles"
urlpatterns = [
    path("", portal.home, name="home"),
    path("units/<int:unit_pk>/recommend/", portal.recommend, name="recommend"),
    path("applications/new/", portal.application_new, name="application_new"),
    path("applications/<int:pk>/", portal.application, name="application"),
    path("applications/<int:pk>/attachments/", portal.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/remove/", portal.attachment_remove, name="attachment_remove"),
    path("attachments/<int:pk>/", portal.attachment_download, name="attachment_download"),
    path("materials/<int:req_pk>/units/<int:unit_pk>/", portal.material_upload, name="material_upload"),
    path("materials/files/<int:pk>/", portal.material_download, name="material_download"),
    path("units/<int:unit_pk>/pairings/", portal.pairing_new, name="pairing_new"),
    path("pairings/<int:pk>/records/", portal.pairing_record, name="pairing_record"),
    path("pairings/photos/<int:pk>/", portal.pairing_photo, name="pairing_photo"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
]
