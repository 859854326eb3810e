from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("danh-gia/", views.home, name="home"),
    path("danh-gia/phuong-phap/", views.method, name="method"),
    path("danh-gia/bat-dau/", views.start, name="start"),
    path("danh-gia/dieu-tra-vien/", views.enumerator, name="enumerator"),
    path("danh-gia/<int:pk>/", views.resume, name="resume"),
    path("danh-gia/<int:pk>/trang/<int:page>/", views.page, name="page"),
    path("danh-gia/<int:pk>/xem-lai/", views.review, name="review"),
    path("danh-gia/<int:pk>/ket-qua/", views.result, name="result"),
    path("danh-gia/<int:pk>/xac-nhan/", views.verify, name="verify"),
]
