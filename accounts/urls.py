from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("tai-khoan/dat-mat-khau-moi/", views.set_password_by_code, name="set_password_by_code"),
    path("tai-khoan/dong-y/", views.consent, name="consent"),
]
