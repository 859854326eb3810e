from django.urls import path

from programmes.views import consultations, group, hub, monitoring, outreach, plans, reports, staff

app_name = "programmes"

urlpatterns = [
    path("chuong-trinh/", hub.index, name="index"),
    path("chuong-trinh/ke-hoach/", plans.plan_list, name="plan_list"),
    path("chuong-trinh/ke-hoach/bat-dau/", plans.plan_start, name="plan_start"),
    path("chuong-trinh/ke-hoach/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("chuong-trinh/ke-hoach/<int:pk>/sua/", plans.plan_edit, name="plan_edit"),
    path("chuong-trinh/ke-hoach/<int:pk>/gui/", plans.plan_send, name="plan_send"),
    path("chuong-trinh/ke-hoach/<int:pk>/tra-lai/", plans.plan_return, name="plan_return"),
    path("chuong-trinh/ke-hoach/<int:pk>/phe-duyet/", plans.plan_approve, name="plan_approve"),
    path("chuong-trinh/ke-hoach/<int:pk>/dieu-chinh/", plans.plan_reopen, name="plan_reopen"),
    path("chuong-trinh/ke-hoach/<int:pk>/pdf/", plans.plan_pdf_view, name="plan_pdf"),
    path("chuong-trinh/ke-hoach-mau/", staff.template_list, name="template_list"),
    path(
        "chuong-trinh/ke-hoach-mau/<str:programme>/cong-bo/", staff.template_publish, name="template_publish"
    ),
    path("chuong-trinh/tien-do/<str:programme>/", monitoring.national, name="national_progress"),
    path(
        "chuong-trinh/tien-do/<str:programme>/<int:province>/", monitoring.province, name="province_progress"
    ),
    path("chuong-trinh/bao-cao/", reports.report_list, name="report_list"),
    path("chuong-trinh/bao-cao/tao/", reports.report_create, name="report_create"),
    path("chuong-trinh/bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path("chuong-trinh/bao-cao/<int:pk>/gui/", reports.report_submit, name="report_submit"),
    path("chuong-trinh/bao-cao/<int:pk>/tra-lai/", reports.report_return, name="report_return"),
    path("chuong-trinh/bao-cao/<int:pk>/chap-nhan/", reports.report_accept, name="report_accept"),
    path("chuong-trinh/bao-cao/<int:pk>/dinh-chinh/", reports.report_correct, name="report_correct"),
    path("chuong-trinh/tiep-can/", outreach.province_outreach, name="province_outreach"),
    path("tiep-can/", outreach.provider_outreach, name="provider_outreach"),
    path("tiep-can/<int:pk>/ket-qua/", outreach.follow_up, name="follow_up"),
    path("to-cong-tac/", group.decision_list, name="decision_list"),
    path("to-cong-tac/thanh-vien/", staff.member_list, name="member_list"),
    path("to-cong-tac/thanh-vien/<int:pk>/thoi/", staff.member_remove, name="member_remove"),
    path("to-cong-tac/<int:pk>/", group.decision_detail, name="decision_detail"),
    path("to-cong-tac/<int:pk>/van-ban/", group.decision_document, name="decision_document"),
    path("to-cong-tac/<int:pk>/cong-bo/", group.decision_publish, name="decision_publish"),
    path("to-cong-tac/ket-thuc-thi-diem/<str:programme>/", group.pilot_end, name="pilot_end"),
    path("to-cong-tac/xep-loai/<str:programme>/", group.classification, name="classification"),
    path("gop-y-chinh-sach/", consultations.consultation_list, name="consultation_list"),
    path("gop-y-chinh-sach/mo/", consultations.consultation_create, name="consultation_create"),
    path("gop-y-chinh-sach/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(
        "gop-y-chinh-sach/<int:pk>/du-thao/",
        consultations.consultation_document,
        name="consultation_document",
    ),
    path(
        "gop-y-chinh-sach/<int:pk>/cau-hoi/<int:question>/gop-y/",
        consultations.comment_create,
        name="comment_create",
    ),
    path("gop-y-chinh-sach/y-kien/<int:pk>/tra-loi/", consultations.comment_answer, name="comment_answer"),
    path("gop-y-chinh-sach/<int:pk>/tong-hop/", consultations.summary_publish, name="summary_publish"),
]
