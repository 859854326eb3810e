from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.index, name="index"),
    path("bao-cao/toan-quoc/", views.national, name="national"),
    path("bao-cao/tinh/<int:code>/", views.province, name="province"),
    path("bao-cao/yeu-cau/", views.jobs, name="jobs"),
    path("bao-cao/yeu-cau/<int:pk>/", views.job_detail, name="job_detail"),
    path("bao-cao/yeu-cau/<int:pk>/trang-thai/", views.job_status, name="job_status"),
    path("bao-cao/yeu-cau/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("bao-cao/yeu-cau/<int:pk>/chay-lai/", views.job_retry, name="job_retry"),
    path("bao-cao/xep-hang/", views.ranking, name="ranking"),
    path("bao-cao/xep-hang/cong-bo/", views.ranking_publish_view, name="ranking_publish"),
    path("bao-cao/phan-nhom/", views.segments, name="segments"),
    path("bao-cao/phan-nhom/tinh-lai/", views.segments_refresh_view, name="segments_refresh"),
    path("bao-cao/phan-nhom/danh-sach.csv", views.segment_csv, name="segment_csv"),
]
