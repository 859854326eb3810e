from django.urls import path

from assessment.views import criteria, method, plan, queue, results, survey

app_name = "assessment"

urlpatterns = [
    path("danh-gia/", survey.home, name="home"),
    path("danh-gia/phuong-phap/", method.method, name="method"),
    path("danh-gia/bat-dau/", survey.start, name="start"),
    path("danh-gia/dieu-tra-vien/", survey.enumerator, name="enumerator"),
    path("danh-gia/cho-xac-nhan/", queue.confirmation_queue, name="confirmation_queue"),
    path("danh-gia/<int:pk>/", survey.resume, name="resume"),
    path("danh-gia/<int:pk>/trang/<int:page>/", survey.page, name="page"),
    path("danh-gia/<int:pk>/xem-lai/", survey.review, name="review"),
    path("danh-gia/<int:pk>/ket-qua/", results.result, name="result"),
    path("danh-gia/<int:pk>/xac-nhan/", results.verify, name="verify"),
    path("danh-gia/<int:pk>/lap-ke-hoach/", plan.make, name="plan_make"),
    path("ke-hoach/<int:business>/<str:programme>/", plan.plan, name="plan"),
    path("ke-hoach/<int:business>/<str:programme>/pdf/", plan.plan_pdf, name="plan_pdf"),
    path("ke-hoach/buoc/<int:pk>/", plan.step, name="plan_step"),
    path("danh-gia/bo-tieu-chi/", criteria.criteria_list, name="criteria_list"),
    path("danh-gia/bo-tieu-chi/<int:pk>/", criteria.criteria_detail, name="criteria_detail"),
]
