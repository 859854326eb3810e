from django.urls import path

from businesses import views

app_name = "businesses"

urlpatterns = [
    path("doanh-nghiep/", views.mine, name="mine"),
    path("doanh-nghiep/them/", views.create, name="create"),
    path("doanh-nghiep/xa-phuong/", views.wards, name="wards"),
    path("doanh-nghiep/nhan-quyen/<int:membership_id>/", views.claim, name="claim"),
    path("doanh-nghiep/<int:pk>/", views.detail, name="detail"),
    path("doanh-nghiep/<int:pk>/sua/", views.edit, name="edit"),
    path("doanh-nghiep/<int:pk>/xac-minh/", views.decide_verification, name="decide_verification"),
    path(
        "doanh-nghiep/<int:pk>/yeu-cau/<int:membership_id>/",
        views.decide_membership,
        name="decide_membership",
    ),
    path("xac-minh-doanh-nghiep/", views.verification_queue, name="verification_queue"),
]
