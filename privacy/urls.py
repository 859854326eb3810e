from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("thong-bao-bao-ve-du-lieu/", views.notice, name="notice"),
    path("du-lieu-cua-toi/", views.mine, name="mine"),
    path("du-lieu-cua-toi/tai-ve.json", views.download, {"fmt": "json"}, name="download_json"),
    path("du-lieu-cua-toi/tai-ve.pdf", views.download, {"fmt": "pdf"}, name="download_pdf"),
    path("du-lieu-cua-toi/dong-y/<str:purpose>/", views.consent_change, name="consent_change"),
    path("du-lieu-cua-toi/yeu-cau/<slug:slug>/", views.request_new, name="request_new"),
    path("du-lieu-cua-toi/xoa-tai-khoan/", views.delete_account, name="delete"),
    path("quan-ly/dong-y-tai-cho/<int:business_id>/", views.on_site_consent, name="on_site_consent"),
    path("quan-ly/yeu-cau-du-lieu/", views.queue, name="queue"),
    path("quan-ly/yeu-cau-du-lieu/<int:pk>/", views.request_detail, name="request_detail"),
    path("quan-ly/su-co-du-lieu/", views.incidents, name="incidents"),
    path("quan-ly/su-co-du-lieu/<int:pk>/", views.incident_detail, name="incident_detail"),
]
