from django.urls import path

from experts.views import consultations, network, qa, support

app_name = "experts"

urlpatterns = [
    # the network
    path("chuyen-gia/", network.directory, name="directory"),
    path("chuyen-gia/<int:pk>/", network.profile, name="profile"),
    path("chuyen-gia/quy-che/", network.rules, name="rules"),
    path("chuyen-gia/dang-ky/", network.apply, name="apply"),
    path("chuyen-gia/ho-so-dang-ky/", network.my_application, name="my_application"),
    path("chuyen-gia/ho-so-dang-ky/tai-lieu/", network.upload_document, name="upload_document"),
    path("chuyen-gia/tai-lieu/<int:pk>/", network.document, name="document"),
    # consultations
    path("tu-van/", consultations.consultation_list, name="consultations"),
    path("tu-van/yeu-cau/", consultations.consultation_new, name="consultation_new"),
    path("tu-van/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path(
        "tu-van/<int:pk>/chon/<int:expert_id>/", consultations.consultation_choose, name="consultation_choose"
    ),
    path("tu-van/<int:pk>/nhan/", consultations.consultation_accept, name="consultation_accept"),
    path("tu-van/<int:pk>/tu-choi/", consultations.consultation_decline, name="consultation_decline"),
    path("tu-van/<int:pk>/tin-nhan/", consultations.consultation_message, name="consultation_message"),
    path("tu-van/<int:pk>/ket-thuc/", consultations.consultation_close, name="consultation_close"),
    path("tu-van/<int:pk>/danh-gia/", consultations.consultation_rate, name="consultation_rate"),
    # questions and answers
    path("hoi-dap/", qa.question_list, name="questions"),
    path("hoi-dap/cau-hoi-thuong-gap/", qa.faq, name="faq"),
    path("hoi-dap/dat-cau-hoi/", qa.question_ask, name="question_ask"),
    path("hoi-dap/<int:pk>/", qa.question_detail, name="question"),
    path("hoi-dap/<int:pk>/tra-loi/", qa.answer_create, name="answer_create"),
    path("hoi-dap/tra-loi/<int:pk>/chap-nhan/", qa.answer_accept, name="answer_accept"),
    path("hoi-dap/<slug:kind>/<int:pk>/an/", qa.post_hide, name="post_hide"),
    path("hoi-dap/<slug:kind>/<int:pk>/bao-cao/", qa.post_report, name="post_report"),
    # support requests
    path("ho-tro/", support.support_new, name="support"),
    path("ho-tro/<str:token>/", support.support_status, name="support_status"),
]
