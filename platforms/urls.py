from django.urls import path

from platforms import views

app_name = "platforms"

urlpatterns = [
    path("nen-tang/", views.catalogue, name="catalogue"),
    path("nen-tang/chuong-trinh/<slug:slug>/", views.programme, name="programme"),
    path("nen-tang/nhom/<slug:code>/", views.group, name="group"),
    path("nen-tang/<int:pk>/", views.detail, name="detail"),
    path("nen-tang/<int:pk>/logo/", views.logo, name="logo"),
    path("nen-tang/<int:pk>/dang-ky-su-dung/", views.register_usage, name="register_usage"),
    path("nen-tang/dang-ky-su-dung/<int:pk>/huy/", views.cancel_usage, name="cancel_usage"),
    path("nen-tang/<int:pk>/dung-thu/", views.trial_request, name="trial_request"),
    path("dung-thu/", views.trials, name="trials"),
    path("dung-thu/<int:pk>/", views.trial_detail, name="trial"),
    path("dung-thu/<int:pk>/danh-gia/", views.trial_rate, name="trial_rate"),
    path("dung-thu/<int:pk>/huy/", views.trial_cancel, name="trial_cancel"),
    path("nha-cung-cap/dung-thu/", views.provider_trials, name="provider_trials"),
    path("nha-cung-cap/dung-thu/<int:pk>/nhan/", views.trial_accept, name="trial_accept"),
    path("nha-cung-cap/dung-thu/<int:pk>/san-sang/", views.trial_ready, name="trial_ready"),
    path("nha-cung-cap/dung-thu/<int:pk>/tu-choi/", views.trial_decline, name="trial_decline"),
    path("nha-cung-cap/thoa-thuan/<int:pk>/", views.agreement_detail, name="agreement"),
    path("nha-cung-cap/thoa-thuan/<int:pk>/ky/", views.agreement_sign, name="agreement_sign"),
    path("nha-cung-cap/thoa-thuan/<int:pk>/ban-ky/", views.agreement_file, name="agreement_file"),
    path("nha-cung-cap/", views.provider_dashboard, name="provider_dashboard"),
    path("nha-cung-cap/to-chuc/", views.provider_profile, name="provider_profile"),
    path("nha-cung-cap/nen-tang/moi/", views.platform_edit, name="platform_create"),
    path("nha-cung-cap/nen-tang/<int:pk>/sua/", views.platform_edit, name="platform_edit"),
    path("nha-cung-cap/nen-tang/<int:pk>/ung-tuyen/", views.apply, name="apply"),
    path("nha-cung-cap/nen-tang/<int:platform_pk>/uu-dai/moi/", views.offer_edit, name="offer_create"),
    path("nha-cung-cap/uu-dai/<int:pk>/sua/", views.offer_edit, name="offer_edit"),
    path("nha-cung-cap/ho-so/<int:pk>/", views.listing_detail, name="listing"),
    path("nha-cung-cap/ho-so/<int:pk>/xet-nhanh-rdx/", views.fast_track, name="fast_track"),
    path("nha-cung-cap/tai-lieu/<int:pk>/", views.document, name="document"),
    path("nha-cung-cap/dang-ky-su-dung/<int:pk>/xac-nhan/", views.confirm_usage, name="confirm_usage"),
    path("nha-cung-cap/dang-ky-su-dung/<int:pk>/tu-choi/", views.decline_usage, name="decline_usage"),
]
