"""A representative describes their business; a tax code already registered becomes a request to join."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role
from businesses.models import Business, Membership, MembershipRole, MembershipStatus, ProvinceStat, Ward
from smedx_portal import identity
from smedx_portal.models import AuditEntry
from tests.factories import BusinessFactory, MembershipFactory, UserFactory
from tests.sessions import session_queries

pytestmark = pytest.mark.django_db

CREATE = reverse("businesses:create")


def form_data(hanoi, **overrides):
    ward = Ward.objects.get(code=70)  # Phường Hoàn Kiếm, Hà Nội
    data = {
        "kind": "retail_store",
        "programmes": ["RDX"],
        "name": "Tạp hóa Minh An",
        "tax_code": "001 085 012 345",
        "sector": "",
        "employees": "3",
        "annual_revenue": "1500000000",
        "province": str(hanoi.pk),
        "ward": str(ward.pk),
        "address": "12 Hàng Bạc",
        "phone": "0912 345 678",
    }
    from businesses.models import Sector

    data["sector"] = str(Sector.objects.get(code="tap-hoa").pk)
    return data | overrides


@pytest.fixture
def owner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_sign_in_and_other_roles_are_refused(client):
    response = client.get(CREATE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(UserFactory(role=Role.EXPERT))
    assert client.get(CREATE).status_code == 403


def test_form_page_lists_provinces_and_no_wards_until_a_province_is_chosen(client, owner):
    html = client.get(CREATE).content.decode()
    assert "Thành phố Hà Nội" in html and "Phường Hoàn Kiếm" not in html
    assert "Cập nhật danh sách xã/phường" in html  # works without JavaScript
    assert "js/businesses.js" in html


def test_without_javascript_the_ward_list_follows_the_chosen_province(client, owner, hanoi):
    response = client.post(CREATE, {"province": str(hanoi.pk), "name": "Tạp hóa", "refresh_wards": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in html and "errorlist" not in html
    assert not Business.objects.exists()


def test_registering_a_store_makes_the_user_its_owner(client, owner, hanoi):
    response = client.post(CREATE, form_data(hanoi))
    business = Business.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "businesses:detail", args=[business.pk]
    )
    assert business.tax_code == "0010******45" and identity.reveal(business) == "001085012345"
    assert business.in_rdx and not business.in_smedx
    assert business.size_class == "micro"
    assert business.search_name == "tap hoa minh an"
    assert business.phone == "+84912345678"
    assert business.verification_status == "unverified"
    membership = Membership.objects.get()
    assert (membership.user, membership.role, membership.status) == (owner, MembershipRole.OWNER, "active")
    assert business.history.count() == 1
    assert ProvinceStat.objects.get(province=hanoi, kind="retail_store").businesses == 1
    page = client.get(response["Location"]).content.decode()
    assert "Tạp hóa Minh An" in page and "Chờ xác minh" in page and "Siêu nhỏ" in page


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"tax_code": "0100109107", "kind": "enterprise"}, "chữ số kiểm tra"),
        ({"tax_code": "001085012345", "kind": "enterprise"}, "Doanh nghiệp và hợp tác xã dùng mã số thuế 10"),
        ({"ward": "26734"}, "không thuộc tỉnh/thành phố đã chọn"),  # a ward of TP.HCM
        ({"programmes": []}, "This field is required"),
        ({"phone": "024 3825 1234"}, "không phải số di động"),
    ],
)
def test_invalid_profiles_are_refused_with_the_reason(client, owner, hanoi, overrides, field_error):
    response = client.post(CREATE, form_data(hanoi, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        field_error in html or field_error.replace("This field is required", "Trường này là bắt buộc") in html
    )
    assert not Business.objects.exists()


def test_a_second_sign_up_with_the_same_tax_code_asks_to_join(client, hanoi):
    first_owner = UserFactory()
    existing = BusinessFactory(tax_code="0101248141", kind="enterprise", name="Công ty CP FPT")
    MembershipFactory(user=first_owner, business=existing)
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(CREATE, form_data(hanoi, kind="enterprise", tax_code="0101 248 141", name="FPT"))
    request = Membership.objects.get(user=newcomer)
    assert response["Location"] == reverse("businesses:claim", args=[request.pk])
    message = [str(m) for m in get_messages(response.wsgi_request)][0]
    assert "đã được đăng ký" in message and "Công ty CP FPT" not in message  # never who owns the number
    assert Business.objects.count() == 1
    assert (request.business, request.status, request.role) == (existing, "pending", "member")
    mine = client.get(reverse("businesses:mine")).content.decode()
    assert "Công ty CP FPT" not in mine and "Đang chờ chấp thuận" in mine
    # A pending member cannot open the business yet.
    assert client.get(reverse("businesses:detail", args=[existing.pk])).status_code == 404


def test_the_owner_approves_a_join_request(client):
    owner, newcomer = UserFactory(), UserFactory(full_name="Trần Văn Bình")
    business = BusinessFactory(tax_code="0101248141", kind="enterprise")
    MembershipFactory(user=owner, business=business)
    request = MembershipFactory(user=newcomer, business=business, role="member", status="pending")

    client.force_login(owner)
    page = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    assert "Yêu cầu tham gia đang chờ" in page and "Trần Văn Bình" in page
    url = reverse("businesses:decide_membership", args=[business.pk, request.pk])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.role) == (MembershipStatus.ACTIVE, MembershipRole.MEMBER)
    entry = AuditEntry.objects.for_object(business).get()
    assert (entry.actor, entry.action) == (owner, "membership.approved")

    client.force_login(newcomer)
    assert client.get(reverse("businesses:detail", args=[business.pk])).status_code == 200


def test_the_owner_refuses_and_nobody_else_can_decide(client):
    owner, newcomer, stranger, member = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    business = BusinessFactory(tax_code="0101248141", kind="enterprise")
    MembershipFactory(user=owner, business=business)
    MembershipFactory(user=member, business=business, role="member")
    request = MembershipFactory(user=newcomer, business=business, role="member", status="pending")
    url = reverse("businesses:decide_membership", args=[business.pk, request.pk])

    client.force_login(stranger)
    assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(member)  # a representative, but not the owner
    assert client.post(url, {"decision": "approve"}).status_code == 404
    client.logout()
    assert client.post(url, {"decision": "approve"}).status_code == 302  # to sign in
    request.refresh_from_db()
    assert request.status == "pending"

    client.force_login(owner)
    client.post(url, {"decision": "refuse"})
    request.refresh_from_db()
    assert request.status == "refused"


def test_staff_approve_a_request_for_a_business_without_owner(client, hanoi):
    from tests.factories import ProvinceOfficerFactory

    business = BusinessFactory(tax_code="0101248141", kind="enterprise", province=hanoi)  # imported by staff
    request = MembershipFactory(user=UserFactory(), business=business, role="member", status="pending")
    client.force_login(ProvinceOfficerFactory())
    client.post(
        reverse("businesses:decide_membership", args=[business.pk, request.pk]), {"decision": "approve"}
    )
    request.refresh_from_db()
    assert (request.status, request.role) == ("active", "owner")


def test_representatives_edit_their_business_and_others_get_404(client, hanoi):
    owner = UserFactory()
    business = BusinessFactory(name="Tạp hóa Cũ", tax_code="001085012345", kind="household", province=hanoi)
    MembershipFactory(user=owner, business=business)
    url = reverse("businesses:edit", args=[business.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("businesses:detail", args=[business.pk])).status_code == 404

    client.force_login(owner)
    assert client.get(url).status_code == 200
    data = form_data(hanoi, kind="household", name="Tạp hóa Mới", employees="12")
    response = client.post(url, data)
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.name == "Tạp hóa Mới" and business.size_class == "small"


def test_my_businesses_lists_memberships_with_bounded_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    for n in range(12):
        MembershipFactory(user=user, business=BusinessFactory(), role="owner" if n % 2 else "member")
    MembershipFactory(user=user, business=BusinessFactory(name="Chờ duyệt"), status="pending")
    MembershipFactory(user=UserFactory(), business=BusinessFactory(name="Của người khác"))
    client.force_login(user)
    with django_assert_max_num_queries(6 + session_queries()):
        response = client.get(reverse("businesses:mine"))
    html = response.content.decode()
    assert html.count('class="card"') == 13
    assert "Chờ duyệt" not in html and "Của người khác" not in html  # a pending request shows no name
    assert "Đang chờ chấp thuận" in html
    assert reverse("businesses:mine") in html  # the nav link


def test_wards_endpoint_returns_the_wards_of_a_province(client, hanoi):
    response = client.get(reverse("businesses:wards"), {"province": hanoi.pk})
    assert response.status_code == 200
    wards = response.json()["wards"]
    assert len(wards) == hanoi.wards.count() > 100
    assert {"code": 70, "name": "Phường Hoàn Kiếm"} in wards
    assert "max-age" in response["Cache-Control"]
    assert client.get(reverse("businesses:wards"), {"province": "x"}).status_code == 400


def test_after_registering_the_next_step_is_the_survey(client, owner, hanoi):
    response = client.post(CREATE, form_data(hanoi))
    html = client.get(response["Location"]).content.decode()
    assert "Bước tiếp theo" in html and f'href="{reverse("assessment:home")}"' in html
    mine = client.get(reverse("businesses:mine")).content.decode()
    assert "Đánh giá mức độ chuyển đổi số" in mine and f'href="{reverse("assessment:home")}"' in mine
