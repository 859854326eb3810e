from django.urls import path

from assessment import criteria_views, plan_views, views

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
    path("danh-gia/<int:pk>/lap-ke-hoach/", plan_views.make, name="plan_make"),
    path("ke-hoach/<int:business>/<str:programme>/", plan_views.plan, name="plan"),
    path("ke-hoach/<int:business>/<str:programme>/pdf/", plan_views.plan_pdf, name="plan_pdf"),
    path("ke-hoach/buoc/<int:pk>/", plan_views.step, name="plan_step"),
    path("danh-gia/bo-tieu-chi/", criteria_views.criteria_list, name="criteria_list"),
    path("danh-gia/bo-tieu-chi/<int:pk>/", criteria_views.criteria_detail, name="criteria_detail"),
]
