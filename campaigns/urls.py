from django.urls import path

from campaigns.views import campaigns, content, events, honours, optout, proposals

app_name = "campaigns"

urlpatterns = [
    # SMS campaigns (staff and province officers)
    path("chien-dich/", campaigns.campaign_list, name="campaign_list"),
    path("chien-dich/tao/", campaigns.campaign_create, name="campaign_create"),
    path("chien-dich/dem-nguoi-nhan/", campaigns.segment_count, name="segment_count"),
    path("chien-dich/xa-phuong/", campaigns.ward_options, name="ward_options"),
    path("chien-dich/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("chien-dich/<int:pk>/sua/", campaigns.campaign_edit, name="campaign_edit"),
    path("chien-dich/<int:pk>/tien-do/", campaigns.campaign_progress, name="campaign_progress"),
    path("chien-dich/<int:pk>/<slug:action>/", campaigns.campaign_action, name="campaign_action"),
    # the gateway's callbacks and the refusal link in each message
    path("sms/tin-den/", optout.inbound_sms, name="inbound_sms"),
    path("sms/bao-cao-gui/", optout.delivery_callback, name="delivery_callback"),
    path("tc/<str:token>/", optout.optout_link, name="optout_link"),
    # events and training
    path("su-kien/", events.event_list, name="event_list"),
    path("su-kien/de-xuat/", proposals.proposal_list, name="proposal_list"),
    path("su-kien/de-xuat/moi/", proposals.proposal_create, name="proposal_create"),
    path("su-kien/de-xuat/<int:pk>/sua/", proposals.proposal_edit, name="proposal_edit"),
    path("su-kien/duyet/", proposals.review_queue, name="proposal_review"),
    path("su-kien/duyet/<int:pk>/<slug:action>/", proposals.review_action, name="proposal_review_action"),
    path("su-kien/hoi-thao-khu-vuc/", proposals.regional_workshops, name="regional_workshops"),
    path("su-kien/ve/<str:token>/", events.event_checkin, name="event_checkin"),
    path("su-kien/dang-ky/<int:pk>/huy/", events.registration_cancel, name="registration_cancel"),
    path("su-kien/<slug:slug>/", events.event_detail, name="event_detail"),
    path("su-kien/<slug:slug>/dang-ky/", events.event_register, name="event_register"),
    path("su-kien/<slug:slug>/diem-danh/", events.event_attendance, name="event_attendance"),
    path("su-kien/<slug:slug>/cap-chung-nhan/", events.event_certificates, name="event_certificates"),
    # honours
    path("vinh-danh/", honours.honour_list, name="honour_list"),
    path("vinh-danh/de-xuat/", honours.honour_proposals, name="honour_proposals"),
    path("vinh-danh/de-xuat/<int:pk>/", honours.honour_review, name="honour_review"),
    path("vinh-danh/de-xuat/<int:pk>/<slug:action>/", honours.honour_action, name="honour_action"),
    path("vinh-danh/<int:pk>/", honours.honour_detail, name="honour_detail"),
    # news and the handbook
    path("tin-tuc/", content.article_list, name="article_list"),
    path("tin-tuc/rss/", content.ArticleFeed(), name="article_feed"),
    path("tin-tuc/xem-truoc/<int:pk>/", content.article_preview, name="article_preview"),
    path("tin-tuc/tep/<int:pk>/", content.attachment_download, name="attachment_download"),
    path("tin-tuc/<slug:slug>/anh/", content.article_image, name="article_image"),
    path("tin-tuc/<slug:slug>/", content.article_detail, name="article_detail"),
    path("cam-nang/", content.handbook_index, name="handbook_index"),
    path("cam-nang/<str:programme>/<slug:slug>/", content.handbook_chapter, name="handbook_chapter"),
]
