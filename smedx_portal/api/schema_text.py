"""The API description (Markdown, Vietnamese and English). Plain text, no imports: the API settings read it."""

API_DESCRIPTION = r"""
**Tiếng Việt.** API chia sẻ dữ liệu của Cổng chuyển đổi số SMEdx / RDX (Quyết định 377/QĐ-BTTTT mục II.2đ,
Quyết định 1459/QĐ-BTTTT mục II.2e–f): kết nối với cổng của các nền tảng số tham gia Chương trình và cổng của
chương trình còn lại.

- **Khóa API**: Ban quản lý cấp trong trang quản trị; khóa chỉ hiển thị một lần. Gửi
  `Authorization: Bearer smx_<tiền tố>_<bí mật>`. Mỗi khóa có phạm vi quyền: `catalogue:read`,
  `leads:read`, `leads:write` (chỉ nền tảng của chính nhà cung cấp), `stats:read`, `province:<mã>:read`
  (số liệu của một tỉnh, mã hai chữ số như `01`, `79`), `identity:read`.
- **Giới hạn tần suất** theo từng khóa: vượt quá thì nhận `429` kèm tiêu đề `Retry-After` (giây).
- **Lỗi** luôn là JSON `{"error": {"code", "message", "details"}}`; `code` ổn định, `message` theo
  `Accept-Language` (`vi` mặc định, `en`).
- **Phân trang** bằng con trỏ: dùng đường dẫn `next` / `previous` trong kết quả.
- **Số liệu mở** không chứa dữ liệu cá nhân; ô có ít hơn ngưỡng tối thiểu (mặc định 5) bị ẩn (`null`,
  `suppressed: true`).

**English.** The data-sharing API of the SMEdx / RDX digital-transformation portal: platform providers'
portals and the sister programme's portal exchange data with it. Keys are issued by the programme office and
shown once; send `Authorization: Bearer smx_<prefix>_<secret>`. Scopes as above. Rate limits per key answer
`429` with `Retry-After`. Errors are JSON with a stable `code` and a `message` in the `Accept-Language`
language. Lists use cursor pagination (`next` / `previous`). Open statistics carry no personal data and hide
any cell below the minimum size (default 5).

## Webhooks

Nhà cung cấp đặt một địa chỉ HTTPS (`PUT /api/v1/webhook/`) và nhận một khóa ký (`whsec_...`, chỉ hiển thị
khi tạo hoặc đổi khóa). Sự kiện `usage_registration.created` và `usage_registration.status_changed` được gửi
bằng `POST` JSON; nếu không nhận được mã 2xx, Cổng gửi lại sau 1, 2, 4, 8… phút (tối đa 8 giờ một lần) trong
khoảng 24 giờ. Mỗi lần gửi có các tiêu đề:

*English:* a provider sets an HTTPS URL and gets a signing secret (shown on creation and rotation). Events are
POSTed as JSON; anything but a 2xx is retried after 1, 2, 4, 8… minutes (at most 8 hours apart) for about 24
hours. Each attempt carries:

| Tiêu đề / Header | Nội dung / Content |
| --- | --- |
| `X-SMEdx-Event` | `usage_registration.created` … |
| `X-SMEdx-Delivery` | mã sự kiện (UUID), giống nhau ở mọi lần gửi lại: dùng để bỏ trùng / event id, the same on every retry: use it to de-duplicate |
| `X-SMEdx-Timestamp` | thời điểm ký (giây Unix) / signing time (Unix seconds) |
| `X-SMEdx-Signature` | `v1=` + hex(HMAC-SHA256(khóa ký, timestamp + "." + nội dung thô)) / `v1=` + hex(HMAC-SHA256(secret, timestamp + "." + raw body)) |

Kiểm tra chữ ký trên nội dung **thô** (chưa phân tích JSON), so sánh trong thời gian hằng định và từ chối
timestamp lệch quá 5 phút. *English:* verify over the **raw** body, compare in constant time, reject
timestamps more than 5 minutes away.

```python
import hashlib, hmac, time

def verify(secret: str, headers: dict, raw_body: bytes, tolerance: int = 300) -> bool:
    timestamp = headers["X-SMEdx-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v1=" + expected, headers["X-SMEdx-Signature"])
```

```php
$expected = 'v1=' . hash_hmac('sha256', $timestamp . '.' . $rawBody, $secret);
$ok = hash_equals($expected, $_SERVER['HTTP_X_SMEDX_SIGNATURE']);
```

Nội dung / body: `{"id": "<uuid>", "event": "...", "created_at": "<ISO 8601>", "data": {<đăng ký sử dụng / usage registration>}}`.
"""
