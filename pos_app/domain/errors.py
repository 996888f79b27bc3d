"""Errors a cashier may see: a stable code, a Korean message and an English one.

Callers recognise errors by ``key`` (never by message text). The UI shows
``code`` next to the message so that a support call can name the exact case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class ErrorText:
    code: str
    ko: str
    en: str


class ErrorKey(StrEnum):
    """Every error a cashier may see; the value is the key logs and tests name it by."""

    CPM_MALFORMED = "cpm.malformed"
    CPM_UNKNOWN_KEY = "cpm.unknown_key"
    CPM_BAD_SIGNATURE = "cpm.bad_signature"
    CPM_NOT_YET_VALID = "cpm.not_yet_valid"
    CPM_EXPIRED = "cpm.expired"
    CPM_ALREADY_USED = "cpm.already_used"
    CPM_ONLINE_ONLY = "cpm.online_only"
    CPM_OVER_OFFLINE_LIMIT = "cpm.over_offline_limit"
    CHECKOUT_OVER_FLOOR_LIMIT = "checkout.over_floor_limit"
    CHECKOUT_OVER_UNSYNCED_CAP = "checkout.over_unsynced_cap"
    CHECKOUT_EMPTY_CART = "checkout.empty_cart"
    CHECKOUT_BAD_AMOUNT = "checkout.bad_amount"
    CHECKOUT_BAD_QUANTITY = "checkout.bad_quantity"
    CHECKOUT_NO_ISSUER_KEYS = "checkout.no_issuer_keys"
    SCAN_UNKNOWN_PRODUCT = "scan.unknown_product"
    SCAN_UNRECOGNISED = "scan.unrecognised"
    SCAN_KOREAN_TEXT = "scan.korean_text"
    SCAN_BAD_CHECK_DIGIT = "scan.bad_check_digit"
    SCALE_BAD_CHECK_DIGIT = "scale.bad_check_digit"
    SCALE_BAD_VALUE_CHECK = "scale.bad_value_check"
    SCALE_NOT_A_LABEL = "scale.not_a_label"
    SCALE_UNKNOWN_ITEM = "scale.unknown_item"
    SCALE_NO_PRICE_PER_KG = "scale.no_price_per_kg"
    SCALE_BAD_FORMAT = "scale.bad_format"
    SCALE_BAD_WEIGHT = "scale.bad_weight"
    MARKET_PRICE_BAD = "market_price.bad"
    PRODUCT_BAD_PRICE_PER_KG = "product.bad_price_per_kg"
    VOID_NOTHING_TO_VOID = "void.nothing_to_void"
    CHECKOUT_NO_PAYMENTS = "checkout.no_payments"
    VOID_NOT_LAST = "void.not_last"
    SCAN_DIALOG_OPEN = "scan.dialog_open"
    VOID_BAD_PIN = "void.bad_pin"
    VOID_ALREADY_VOIDED = "void.already_voided"
    SYNC_NETWORK = "sync.network"
    SYNC_AUTH = "sync.auth"
    SYNC_CONFLICT = "sync.conflict"
    SYNC_BAD_REPLY = "sync.bad_reply"
    SYNC_BUSY = "sync.busy"
    SYNC_INSECURE_URL = "sync.insecure_url"
    SYNC_ENROLMENT_REFUSED = "sync.enrolment_refused"
    SYNC_NOT_ENROLLED = "sync.not_enrolled"
    SYNC_NO_CREDENTIAL_STORE = "sync.no_credential_store"
    SYNC_ENROLMENT_STORE_FAILED = "sync.enrolment_store_failed"
    SYNC_WRONG_ADDRESS = "sync.wrong_address"
    SYNC_ENROLMENT_UNREACHABLE = "sync.enrolment_unreachable"
    SYNC_DEVICE_REVOKED = "sync.device_revoked"
    SYNC_ENROLMENT_INVALID = "sync.enrolment_invalid"
    ENROLMENT_CODE_EMPTY = "enrolment.code_empty"
    ENROLMENT_CODE_MALFORMED = "enrolment.code_malformed"
    ENROLMENT_MERCHANT_EMPTY = "enrolment.merchant_empty"
    SYNC_DEVICE_NAME_TAKEN = "sync.device_name_taken"
    SYNC_ENROLMENT_LOCKED = "sync.enrolment_locked"
    CHECKOUT_DEVICE_REVOKED = "checkout.device_revoked"
    PAYMENT_DECLINED = "payment.declined"
    PAYMENT_UNANSWERED_VOID = "payment.unanswered_void"
    CHECKOUT_UNSYNCED_TOO_OLD = "checkout.unsynced_too_old"
    CAMERA_NONE = "camera.none"
    CAMERA_MULTIMEDIA_UNAVAILABLE = "camera.multimedia_unavailable"
    CAMERA_FAILED = "camera.failed"
    CAMERA_DECODER_UNAVAILABLE = "camera.decoder_unavailable"
    CAMERA_NOT_CHOSEN_FOUND = "camera.not_chosen_found"
    APP_UPDATE_AVAILABLE = "app.update_available"
    APP_BELOW_MINIMUM = "app.below_minimum"
    CATALOG_CSV_NOT_TEXT = "catalog_csv.not_text"
    CATALOG_CSV_UNKNOWN_ENCODING = "catalog_csv.unknown_encoding"
    CATALOG_CSV_EMPTY = "catalog_csv.empty"
    CATALOG_CSV_NO_HEADER = "catalog_csv.no_header"
    CATALOG_CSV_MISSING_COLUMN = "catalog_csv.missing_column"
    CATALOG_CSV_DUPLICATE_COLUMN = "catalog_csv.duplicate_column"
    CATALOG_CSV_NAME_MISSING = "catalog_csv.name_missing"
    CATALOG_CSV_NAME_TOO_LONG = "catalog_csv.name_too_long"
    CATALOG_CSV_PRICE_MISSING = "catalog_csv.price_missing"
    CATALOG_CSV_BAD_PRICE = "catalog_csv.bad_price"
    CATALOG_CSV_PRICE_TOO_HIGH = "catalog_csv.price_too_high"
    CATALOG_CSV_BAD_CODE = "catalog_csv.bad_code"
    CATALOG_CSV_CODE_CHECK_DIGIT = "catalog_csv.code_check_digit"
    CATALOG_CSV_CODE_SCIENTIFIC = "catalog_csv.code_scientific"
    CATALOG_CSV_DUPLICATE_CODE = "catalog_csv.duplicate_code"
    CATALOG_CSV_DUPLICATE_PRODUCT_ID = "catalog_csv.duplicate_product_id"
    CATALOG_CSV_BAD_FLAG = "catalog_csv.bad_flag"
    CATALOG_CSV_TOO_MANY_CELLS = "catalog_csv.too_many_cells"
    CATALOG_CSV_BAD_CHARACTERS = "catalog_csv.bad_characters"
    CATALOG_CSV_MALFORMED_ROW = "catalog_csv.malformed_row"
    CATALOG_CSV_CATEGORY_TOO_LONG = "catalog_csv.category_too_long"
    CATALOG_CSV_BAD_PRODUCT_ID = "catalog_csv.bad_product_id"
    CATALOG_XLSX_NOT_WORKBOOK = "catalog_xlsx.not_workbook"
    CATALOG_XLSX_TOO_LARGE = "catalog_xlsx.too_large"
    CATALOG_XLSX_TOO_MANY_ROWS = "catalog_xlsx.too_many_rows"
    CATALOG_XLSX_UNSAFE_XML = "catalog_xlsx.unsafe_xml"
    CATALOG_XLSX_CELL_ERROR = "catalog_xlsx.cell_error"
    CATALOG_XLSX_CODE_AS_NUMBER = "catalog_xlsx.code_as_number"
    CATALOG_MAPPING_SAME_COLUMN = "catalog_mapping.same_column"
    CATALOG_XLSX_UNREADABLE = "catalog_xlsx.unreadable"
    CATALOG_CSV_BAD_TAX_CATEGORY = "catalog_csv.bad_tax_category"
    CATALOG_CSV_BAD_STOCK = "catalog_csv.bad_stock"
    PRODUCT_NAME_REQUIRED = "product.name_required"
    PRODUCT_BAD_PRICE = "product.bad_price"
    PRODUCT_BAD_CODE = "product.bad_code"
    PRODUCT_CODE_TAKEN = "product.code_taken"
    PRODUCT_UNKNOWN = "product.unknown"
    STOCK_BAD_QUANTITY = "stock.bad_quantity"
    STOCK_BAD_DELTA = "stock.bad_delta"
    STOCK_BAD_ADJUST_REASON = "stock.bad_adjust_reason"
    STOCK_NOTE_REQUIRED = "stock.note_required"
    LISTING_UNKNOWN = "listing.unknown"
    LISTING_BAD_TITLE = "listing.bad_title"
    LISTING_BAD_DESCRIPTION = "listing.bad_description"
    LISTING_BAD_PRICE = "listing.bad_price"
    LISTING_BAD_STOCK = "listing.bad_stock"
    LISTING_TOO_MANY_PHOTOS = "listing.too_many_photos"
    LISTING_PHOTO_REQUIRED = "listing.photo_required"
    LISTING_DELIVERY_REQUIRED = "listing.delivery_required"
    LISTING_BAD_DELIVERY = "listing.bad_delivery"
    LISTING_INVALID = "listing.invalid"
    LISTING_PHOTO_MISSING = "listing.photo_missing"
    LISTING_IN_REVIEW = "listing.in_review"
    LISTING_NOT_LISTED = "listing.not_listed"
    PHOTO_UNREADABLE = "photo.unreadable"
    PHOTO_TOO_LARGE = "photo.too_large"
    PHOTO_TOO_MANY_PIXELS = "photo.too_many_pixels"
    SYNC_MEDIA_REFUSED = "sync.media_refused"
    ORDER_UNKNOWN = "order.unknown"
    ORDER_CANCELLED = "order.cancelled"
    ORDER_TRANSITION_INVALID = "order.transition_invalid"
    ORDER_REASON_REQUIRED = "order.reason_required"
    ORDER_TRACKING_REQUIRED = "order.tracking_required"
    STAFF_BAD_PIN = "staff.bad_pin"
    STAFF_LOCKED = "staff.locked"
    STAFF_NOT_ALLOWED = "staff.not_allowed"
    STAFF_APPROVER_NOT_ALLOWED = "staff.approver_not_allowed"
    STAFF_BAD_NEW_PIN = "staff.bad_new_pin"
    STAFF_PIN_TAKEN = "staff.pin_taken"
    STAFF_LAST_OWNER = "staff.last_owner"
    STAFF_BAD_NAME = "staff.bad_name"
    STAFF_NOT_SIGNED_IN = "staff.not_signed_in"
    STAFF_UNKNOWN = "staff.unknown"
    STAFF_NO_STAFF = "staff.no_staff"
    TENDER_SHORT_CASH = "tender.short_cash"
    TENDER_BAD_AMOUNT = "tender.bad_amount"
    TENDER_NOT_CONFIRMED = "tender.not_confirmed"
    CARD_APPROVAL_MISSING = "card.approval_missing"
    CARD_APPROVAL_MALFORMED = "card.approval_malformed"
    PARK_EMPTY_CART = "park.empty_cart"
    PARK_CART_NOT_EMPTY = "park.cart_not_empty"
    PARK_GONE = "park.gone"
    PARK_FULL = "park.full"
    REFUND_PAYMENT_UNKNOWN = "refund.payment_unknown"
    REFUND_VOIDED = "refund.voided"
    REFUND_DECLINED = "refund.declined"
    REFUND_NOTHING_LEFT = "refund.nothing_left"
    REFUND_OVER_QUANTITY = "refund.over_quantity"
    REFUND_OVER_REFUND = "refund.over_refund"
    REFUND_NOTHING_CHOSEN = "refund.nothing_chosen"
    REFUND_NOT_APPROVED = "refund.not_approved"
    REFUND_REASON_REQUIRED = "refund.reason_required"
    REFUND_VOID_AFTER_REFUND = "refund.void_after_refund"
    REFUND_BAD_SEARCH = "refund.bad_search"
    DAY_ALREADY_OPEN = "day.already_open"
    DAY_NOT_OPEN = "day.not_open"
    DAY_BAD_AMOUNT = "day.bad_amount"
    DAY_REASON_REQUIRED = "day.reason_required"
    DAY_BAD_COUNT = "day.bad_count"
    DAY_NOT_COUNTED = "day.not_counted"
    SALES_BAD_RANGE = "sales.bad_range"
    SALES_EXPORT_FAILED = "sales.export_failed"
    PRINT_NOT_CONFIGURED = "print.not_configured"
    PRINT_DEVICE_FAILED = "print.device_failed"
    PRINT_UNCERTAIN = "print.uncertain"
    PRINT_UNKNOWN_PAYMENT = "print.unknown_payment"
    PRINT_BAD_SETTINGS = "print.bad_settings"
    PRINT_NO_DRIVER = "print.no_driver"
    PRINT_FILE_FAILED = "print.file_failed"
    PRINT_UNKNOWN_DOCUMENT = "print.unknown_document"
    PRINT_DEVICE_LIST_FAILED = "print.device_list_failed"
    PRINT_USB_HELD_BY_DRIVER = "print.usb_held_by_driver"
    MPM_MERCHANT_QR_SCANNED = "mpm.merchant_qr_scanned"
    MPM_INVALID = "mpm.invalid"
    MPM_NOT_CHEONGJU_PAY = "mpm.not_cheongju_pay"
    MPM_MERCHANT_NAME_NOT_ASCII = "mpm.merchant_name_not_ascii"
    MPM_DEVIATES_FROM_EMV = "mpm.deviates_from_emv"
    MPM_PAY_NOT_ENROLLED = "mpm_pay.not_enrolled"
    MPM_PAY_OFFLINE = "mpm_pay.offline"
    MPM_PAY_AMOUNT_OUT_OF_RANGE = "mpm_pay.amount_out_of_range"
    MPM_PAY_UNKNOWN_REQUEST = "mpm_pay.unknown_request"
    MPM_PAY_REFUSED = "mpm_pay.refused"
    DISPLAY_QR_EXPIRED = "display.qr_expired"
    DISPLAY_QR_CANCELLED = "display.qr_cancelled"
    DISPLAY_SCREEN_MISSING = "display.screen_missing"
    DISPLAY_NO_MERCHANT_QR = "display.no_merchant_qr"
    DISPLAY_QR_UNREADABLE = "display.qr_unreadable"
    DISPLAY_PHONE_REFUSED = "display.phone_refused"
    CASH_RECEIPT_BAD_PHONE = "cash_receipt.bad_phone"
    CASH_RECEIPT_BAD_CARD_LENGTH = "cash_receipt.bad_card_length"
    CASH_RECEIPT_BAD_CARD_CHECK = "cash_receipt.bad_card_check"
    CASH_RECEIPT_BAD_BUSINESS_NUMBER = "cash_receipt.bad_business_number"
    CASH_RECEIPT_EMPTY = "cash_receipt.empty"
    CASH_RECEIPT_NOT_DIGITS = "cash_receipt.not_digits"
    CASH_RECEIPT_NOT_CASH = "cash_receipt.not_cash"
    CASH_RECEIPT_REFUSED = "cash_receipt.refused"
    SPLIT_OVER_ALL_PAY = "split.over_all_pay"
    SPLIT_BAD_AMOUNT = "split.bad_amount"
    SPLIT_PARTS_DO_NOT_ADD_UP = "split.parts_do_not_add_up"
    SPLIT_SHORT_CASH = "split.short_cash"
    SPLIT_NO_CHEONGJU_PAY_MEANS = "split.no_cheongju_pay_means"
    SPLIT_BAD_APPROVAL_NO = "split.bad_approval_no"
    REOPEN_NOT_DECLINED = "reopen.not_declined"
    REOPEN_ALREADY_REOPENED = "reopen.already_reopened"
    REOPEN_CART_NOT_EMPTY = "reopen.cart_not_empty"
    STORE_DISK_FULL = "store.disk_full"
    STORE_UNAVAILABLE = "store.unavailable"
    STORE_CORRUPT = "store.corrupt"
    STORE_TOO_NEW = "store.too_new"
    BACKUP_DAMAGED_USE_BACKUP = "backup.damaged_use_backup"
    BACKUP_DAMAGED_NO_BACKUP = "backup.damaged_no_backup"
    BACKUP_DAMAGED_WHILE_OPEN_USE_BACKUP = "backup.damaged_while_open_use_backup"
    BACKUP_DAMAGED_WHILE_OPEN_NO_BACKUP = "backup.damaged_while_open_no_backup"
    BACKUP_FAILED = "backup.failed"
    BACKUP_RESTORE_FAILED = "backup.restore_failed"
    INSTANCE_SECOND_START = "instance.second_start"
    INSTANCE_RUNNING = "instance.running"
    BACKUP_FILE_IN_USE = "backup.file_in_use"
    BACKUP_NO_ANSWER = "backup.no_answer"
    INSPECT_BAD_KEYS = "inspect.bad_keys"
    UNEXPECTED = "unexpected"
    DISCOUNT_BAD_VALUE = "discount.bad_value"
    DISCOUNT_OVER_LINE = "discount.over_line"
    DISCOUNT_NEEDS_APPROVAL = "discount.needs_approval"
    DISCOUNT_BAD_REASON = "discount.bad_reason"
    DISCOUNT_NO_LINE = "discount.no_line"


CATALOG: dict[ErrorKey, ErrorText] = {
    # Customer payment code (CPM token v1)
    ErrorKey.CPM_MALFORMED: ErrorText(
        "E101",
        "결제 코드를 읽을 수 없습니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "The payment code is unreadable. Ask the customer to show a new QR.",
    ),
    ErrorKey.CPM_UNKNOWN_KEY: ErrorText(
        "E102",
        "알 수 없는 발급 키로 만든 결제 코드입니다. 서버와 동기화한 뒤 다시 시도해 주세요.",
        "The payment code was signed with an unknown issuer key. Sync, then try again.",
    ),
    ErrorKey.CPM_BAD_SIGNATURE: ErrorText(
        "E103",
        "위조되었거나 손상된 결제 코드입니다. 결제를 받지 마세요.",
        "The payment code is forged or damaged. Do not accept it.",
    ),
    ErrorKey.CPM_NOT_YET_VALID: ErrorText(
        "E104",
        "아직 유효하지 않은 결제 코드입니다. 이 PC의 시계를 확인해 주세요.",
        "The payment code is not valid yet. Check this PC's clock.",
    ),
    ErrorKey.CPM_EXPIRED: ErrorText(
        "E105",
        "유효시간이 지난 결제 코드입니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "The payment code has expired. Ask the customer to show a new QR.",
    ),
    ErrorKey.CPM_ALREADY_USED: ErrorText(
        "E106",
        "이미 사용된 결제 코드입니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "This payment code was already used. Ask the customer to show a new QR.",
    ),
    ErrorKey.CPM_ONLINE_ONLY: ErrorText(
        "E107",
        "온라인 전용 결제 코드라 오프라인 상태에서는 받을 수 없습니다.",
        "This payment code is online-only and cannot be accepted offline.",
    ),
    ErrorKey.CPM_OVER_OFFLINE_LIMIT: ErrorText(
        "E108",
        "오프라인 결제 한도({limit}) 초과입니다. 결제 금액 {amount}.",
        "Over the code's offline limit ({limit}). Amount {amount}.",
    ),
    # Checkout
    ErrorKey.CHECKOUT_OVER_FLOOR_LIMIT: ErrorText(
        "E201",
        "오프라인 1회 결제 한도({limit}) 초과입니다. 결제 금액 {amount}.",
        "Over the offline limit per payment ({limit}). Amount {amount}.",
    ),
    ErrorKey.CHECKOUT_OVER_UNSYNCED_CAP: ErrorText(
        "E202",
        "미전송 결제 합계 한도({limit}) 초과입니다. 서버와 연결된 뒤 결제해 주세요."
        " (미전송 {pending}, 이번 결제 {amount})",
        "Over the cap on unsynced payments ({limit}). Connect to the server first."
        " (unsynced {pending}, this payment {amount})",
    ),
    ErrorKey.CHECKOUT_EMPTY_CART: ErrorText(
        "E203",
        "장바구니가 비어 있습니다. 상품을 먼저 담아 주세요.",
        "The cart is empty. Add items first.",
    ),
    ErrorKey.CHECKOUT_BAD_AMOUNT: ErrorText(
        "E204",
        "금액은 1원 이상 {max} 이하의 정수로 입력해 주세요.",
        "Enter a whole amount between 1 won and {max}.",
    ),
    ErrorKey.CHECKOUT_BAD_QUANTITY: ErrorText(
        "E205",
        "수량은 1 이상 {max} 이하로 입력해 주세요.",
        "Enter a quantity between 1 and {max}.",
    ),
    ErrorKey.CHECKOUT_NO_ISSUER_KEYS: ErrorText(
        "E206",
        "결제 코드를 확인할 발급 키가 없습니다. 서버에 연결해 키를 받아 주세요.",
        "No issuer keys to check payment codes. Connect to the server to get them.",
    ),
    ErrorKey.SCAN_UNKNOWN_PRODUCT: ErrorText(
        "E211",
        "등록되지 않은 상품 바코드입니다: {code}",
        "No product has this barcode: {code}",
    ),
    # Label-scale barcodes and market-price (시가) goods
    ErrorKey.SCALE_BAD_CHECK_DIGIT: ErrorText(
        "E651",
        "저울 라벨 바코드의 검증 숫자가 맞지 않습니다. 판매하지 않았습니다. 라벨을 다시 스캔하거나"
        " 저울에서 다시 뽑아 주세요: {code}",
        "The scale label's check digit is wrong; nothing was sold. Scan the label again or"
        " print a new one at the scale: {code}",
    ),
    ErrorKey.SCALE_BAD_VALUE_CHECK: ErrorText(
        "E652",
        "저울 라벨의 가격/중량 검증 숫자가 맞지 않습니다. 판매하지 않았습니다. 라벨을 다시 뽑아"
        " 주세요: {code}",
        "The scale label's price/weight check digit is wrong; nothing was sold. Print a new"
        " label at the scale: {code}",
    ),
    ErrorKey.SCALE_NOT_A_LABEL: ErrorText(
        "E653",
        "이 매장의 저울 라벨 형식이 아닙니다: {code}",
        "Not a scale label in this shop's format: {code}",
    ),
    ErrorKey.SCALE_UNKNOWN_ITEM: ErrorText(
        "E654",
        "저울 라벨의 품목코드 {item}에 해당하는 상품이 없습니다. 상품 관리에서 상품코드로 {item}을"
        " 등록해 주세요.",
        "No product has the scale item code {item}. Add {item} as the product's code in the"
        " catalogue.",
    ),
    ErrorKey.SCALE_NO_PRICE_PER_KG: ErrorText(
        "E655",
        "중량 라벨인데 {name}에 kg당 가격이 없습니다. 상품 관리에서 '무게로 판매'와 kg당 가격을"
        " 정해 주세요.",
        "A weight label, but {name} has no price per kg. Set 'sold by weight' and its price"
        " per kg in the catalogue.",
    ),
    ErrorKey.SCALE_BAD_FORMAT: ErrorText(
        "E656",
        "저울 라벨 형식이 맞지 않습니다: 접두어는 2로 시작하는 1~2자리, 품목코드는 4~6자리,"
        " 가격/중량은 4~6자리(검증 숫자를 쓰면 4~5자리)여야 합니다.",
        "The scale label format does not fit: a prefix of 1-2 digits starting with 2, an item"
        " code of 4-6 digits, and 4-6 digits left for the price or weight (4-5 with a check"
        " digit).",
    ),
    ErrorKey.SCALE_BAD_WEIGHT: ErrorText(
        "E657",
        "저울 라벨의 중량/가격이 0입니다. 저울에서 다시 달아 주세요: {code}",
        "The scale label's weight or price is zero. Weigh it again: {code}",
    ),
    ErrorKey.MARKET_PRICE_BAD: ErrorText(
        "E658",
        "오늘의 시가를 1원 이상 {max} 이하로 입력해 주세요.",
        "Enter today's market price, from 1 won to {max}.",
    ),
    ErrorKey.PRODUCT_BAD_PRICE_PER_KG: ErrorText(
        "E659",
        "무게로 파는 상품은 kg당 가격을 1원 이상 {max} 이하로 입력해 주세요.",
        "A product sold by weight needs a price per kg, from 1 won to {max}.",
    ),
    ErrorKey.SCAN_UNRECOGNISED: ErrorText(
        "E212",
        "알 수 없는 코드입니다. 결제 QR이나 상품 바코드를 스캔해 주세요.",
        "Unrecognised code. Scan a payment QR or a product barcode.",
    ),
    ErrorKey.SCAN_KOREAN_TEXT: ErrorText(
        "E209",
        "코드가 아닌 한글이 스캔되었습니다: {code}. 결제 QR이나 상품 바코드를 스캔해 주세요.",
        "Korean text was scanned, not a code: {code}. Scan a payment QR or a product barcode.",
    ),
    ErrorKey.SCAN_BAD_CHECK_DIGIT: ErrorText(
        "E213",
        "바코드 검증 숫자가 맞지 않습니다. 다시 스캔해 주세요: {code}",
        "The barcode's check digit is wrong. Scan it again: {code}",
    ),
    # Void and manager approval
    ErrorKey.VOID_NOTHING_TO_VOID: ErrorText(
        "E301",
        "취소할 직전 결제가 없습니다.",
        "There is no last payment to void.",
    ),
    ErrorKey.CHECKOUT_NO_PAYMENTS: ErrorText(
        "E304",
        "아직 결제 기록이 없습니다.",
        "There are no payments yet.",
    ),
    ErrorKey.VOID_NOT_LAST: ErrorText(
        "E305",
        "그 사이에 새 결제가 기록되어 취소하지 않았습니다. 다시 확인해 주세요.",
        "A newer payment was recorded meanwhile; nothing was voided. Check again.",
    ),
    ErrorKey.SCAN_DIALOG_OPEN: ErrorText(
        "E214",
        "창이 열려 있어 스캔을 처리하지 않았습니다. 창을 닫고 다시 스캔해 주세요.",
        "A dialog is open, so the scan was not used. Close it and scan again.",
    ),
    ErrorKey.VOID_BAD_PIN: ErrorText(
        "E302",
        "관리자 PIN이 맞지 않습니다.",
        "The manager PIN is wrong.",
    ),
    ErrorKey.VOID_ALREADY_VOIDED: ErrorText(
        "E303",
        "이미 취소된 결제입니다.",
        "This payment is already voided.",
    ),
    # Sync with the central server
    ErrorKey.SYNC_NETWORK: ErrorText(
        "E401",
        "중앙 서버에 연결할 수 없습니다. 결제 기록은 안전하게 보관되며 연결되면 자동 전송됩니다.",
        "Cannot reach the central server. Records are kept and sent when it is back.",
    ),
    ErrorKey.SYNC_AUTH: ErrorText(
        "E402",
        "단말기 인증이 만료되었거나 취소되었습니다. 단말기를 다시 등록해 주세요."
        " 미전송 기록은 그대로 보관됩니다.",
        "This device's access was revoked or expired. Enrol it again; nothing pending is lost.",
    ),
    ErrorKey.SYNC_CONFLICT: ErrorText(
        "E403",
        "서버와 거래 기록이 맞지 않습니다 (기록 번호 {seq}). 전송을 멈췄습니다."
        " 관리자에게 연락해 주세요.",
        "The server's record and this device's disagree (seq {seq}). Sending stopped."
        " Call support.",
    ),
    ErrorKey.SYNC_BAD_REPLY: ErrorText(
        "E404",
        "서버 응답이 올바르지 않습니다. 잠시 후 자동으로 다시 시도합니다. ({detail})",
        "The server's reply was malformed. Retrying later automatically. ({detail})",
    ),
    ErrorKey.SYNC_BUSY: ErrorText(
        "E405",
        "서버가 바쁩니다. {seconds}초 뒤 다시 시도합니다.",
        "The server is busy. Retrying in {seconds} s.",
    ),
    ErrorKey.SYNC_INSECURE_URL: ErrorText(
        "E406",
        "서버 주소는 https:// 로 시작해야 합니다 (이 PC 안의 서버만 http 허용).",
        "The server address must start with https:// (plain http only for this PC).",
    ),
    ErrorKey.SYNC_ENROLMENT_REFUSED: ErrorText(
        "E407",
        "가맹점 번호나 등록 코드가 맞지 않거나 이미 사용된 코드입니다.",
        "The merchant ID or enrolment code is wrong, expired or already used.",
    ),
    ErrorKey.SYNC_NOT_ENROLLED: ErrorText(
        "E408",
        "이 단말기는 아직 중앙 서버에 등록되지 않았습니다.",
        "This device is not enrolled with the central server yet.",
    ),
    ErrorKey.SYNC_NO_CREDENTIAL_STORE: ErrorText(
        "E409",
        "이 PC의 보안 저장소에서 단말기 인증 정보를 읽거나 쓸 수 없습니다. {remedy} ({detail})",
        "This PC's credential store cannot keep the device's token. {remedy} ({detail})",
    ),
    ErrorKey.SYNC_ENROLMENT_STORE_FAILED: ErrorText(
        "E416",
        "이 PC의 보안 저장소에 단말기 인증 정보를 저장할 수 없어 등록을 마치지 못했습니다."
        " {remedy} 등록 코드는 쓰이지 않았으니 같은 코드로 다시 등록하세요. ({detail})",
        "Enrolment not finished: this PC's credential store cannot keep the device's token."
        " {remedy} The code was not used: enrol again with the same code. ({detail})",
    ),
    ErrorKey.SYNC_WRONG_ADDRESS: ErrorText(
        "E417",
        "서버 주소를 확인하세요: 그 주소에서 청주페이 서버가 답하지 않습니다 ({detail})."
        " 주소는 https://서버이름 까지만 입력합니다 (끝에 /v1 등을 붙이지 마세요)."
        " 등록 코드는 쓰이지 않았습니다.",
        "Check the server address: no Cheongju Pay server answers there ({detail})."
        " Enter only https://server-name (no /v1 or other path). The code was not used.",
    ),
    ErrorKey.SYNC_ENROLMENT_UNREACHABLE: ErrorText(
        "E418",
        "서버에 연결할 수 없거나 서버가 응답하지 않습니다 ({detail})."
        " 서버 주소의 이름이 맞는지, 인터넷이 연결되어 있는지 확인하고 잠시 뒤 다시 시도하세요."
        " 등록 코드는 쓰이지 않았습니다.",
        "The server cannot be reached or is not answering ({detail}). Check the server"
        " name in the address and the internet connection, then try again shortly."
        " The code was not used.",
    ),
    ErrorKey.SYNC_DEVICE_REVOKED: ErrorText(
        "E419",
        "청주페이 본부가 이 단말기의 등록을 취소했습니다. 청주페이 결제는 받을 수 없습니다"
        " (현금·카드는 됩니다). 새 등록 코드를 받아 다시 등록해 주세요."
        " 미전송 기록은 그대로 보관됩니다.",
        "Cheongju Pay revoked this device's enrolment. No Cheongju Pay payments (cash and"
        " card still work). Get a new code and enrol again; nothing pending is lost.",
    ),
    ErrorKey.SYNC_ENROLMENT_INVALID: ErrorText(
        "E420",
        "서버가 등록 요청을 받지 않았습니다: 입력한 값을 확인하세요 (가맹점 번호, 등록 코드,"
        " 단말기 이름) ({detail}). 등록 코드는 쓰이지 않았습니다.",
        "The server refused the enrolment request as malformed: check what was entered"
        " (merchant ID, enrolment code, device name) ({detail}). The code was not used.",
    ),
    ErrorKey.ENROLMENT_CODE_EMPTY: ErrorText(
        "E421",
        "등록 코드를 입력하세요: 가맹점 창구에서 받은 XXXX-XXXX 모양의 코드입니다.",
        "Enter the enrolment code: the XXXX-XXXX code from the merchant office.",
    ),
    ErrorKey.ENROLMENT_CODE_MALFORMED: ErrorText(
        "E422",
        "등록 코드가 올바른 모양이 아닙니다: 영문 대문자와 숫자 8자리(XXXX-XXXX)이며"
        " 0, 1, I, O는 쓰지 않습니다. 받은 코드를 다시 확인하세요.",
        "The enrolment code is not well formed: 8 capital letters and digits (XXXX-XXXX),"
        " never 0, 1, I or O. Check the code you were given.",
    ),
    ErrorKey.ENROLMENT_MERCHANT_EMPTY: ErrorText(
        "E423",
        "가맹점 번호를 입력하세요: 가맹점 창구에서 받은 번호입니다.",
        "Enter the merchant ID from the merchant office.",
    ),
    ErrorKey.SYNC_DEVICE_NAME_TAKEN: ErrorText(
        "E424",
        "이 이름의 단말기가 이미 있습니다 — 다른 이름(예: {suggestion})을 쓰세요."
        " 등록 코드는 쓰이지 않았습니다.",
        "A device with this name already exists — use another name (e.g. {suggestion})."
        " The code was not used.",
    ),
    ErrorKey.SYNC_ENROLMENT_LOCKED: ErrorText(
        "E426",
        "등록 코드가 여러 번 틀려 서버가 이 가맹점(또는 이 PC)의 등록을 잠시 막았습니다."
        " {seconds}초(약 {minutes}분) 뒤에 다시 시도하세요. 등록 코드는 쓰이지 않았으니"
        " 그대로 쓸 수 있습니다.",
        "Too many wrong enrolment codes: the server paused enrolment for this merchant (or"
        " this PC). Try again in {seconds} s (about {minutes} min). The code was not used.",
    ),
    ErrorKey.CHECKOUT_DEVICE_REVOKED: ErrorText(
        "E208",
        "이 단말기는 등록이 취소되어 청주페이 결제를 받을 수 없습니다. 현금이나 카드로"
        " 받아 주세요. 새 등록 코드로 다시 등록하면 청주페이를 다시 받을 수 있습니다 (F7).",
        "This device's enrolment was revoked: no Cheongju Pay payments. Take cash or card."
        " Enrol again with a new code to take Cheongju Pay again (F7).",
    ),
    ErrorKey.PAYMENT_DECLINED: ErrorText(
        "E410",
        "결제가 거절되었습니다 (영수증 {receipt}): {message}",
        "Payment declined (receipt {receipt}): {message}",
    ),
    ErrorKey.PAYMENT_UNANSWERED_VOID: ErrorText(
        "E411",
        "서버 응답이 없고 오프라인 한도를 넘는 결제라 취소했습니다 (영수증 {receipt}).",
        "No answer from the server and over the offline limits: payment voided"
        " (receipt {receipt}).",
    ),
    ErrorKey.CHECKOUT_UNSYNCED_TOO_OLD: ErrorText(
        "E207",
        "{hours}시간 넘게 서버에 전송되지 않은 결제가 있어 오프라인 결제를 받을 수 없습니다.",
        "Payments unsent for over {hours} hours: no offline payments until synced.",
    ),
    # Camera scanning (the USB scanner keeps working in every one of these cases)
    ErrorKey.CAMERA_NONE: ErrorText(
        "E501",
        "카메라를 찾지 못했습니다. USB 스캐너는 그대로 쓸 수 있습니다."
        " 카메라를 연결하면 자동으로 켜집니다.",
        "No camera found. The USB scanner still works; a camera is used as soon as it is"
        " plugged in.",
    ),
    ErrorKey.CAMERA_MULTIMEDIA_UNAVAILABLE: ErrorText(
        "E502",
        "카메라 기능(Qt Multimedia)을 불러오지 못해 카메라 스캔을 쓸 수 없습니다."
        " USB 스캐너는 그대로 쓸 수 있습니다. ({detail})",
        "Camera support (Qt Multimedia) could not be loaded, so camera scanning is off."
        " The USB scanner still works. ({detail})",
    ),
    ErrorKey.CAMERA_FAILED: ErrorText(
        "E503",
        "카메라가 멈췄습니다: {detail}. USB 스캐너는 그대로 쓸 수 있습니다."
        " 카메라 연결을 확인해 주세요.",
        "The camera stopped: {detail}. The USB scanner still works. Check the camera cable.",
    ),
    ErrorKey.CAMERA_DECODER_UNAVAILABLE: ErrorText(
        "E504",
        "선택한 디코더({decoder})를 쓸 수 없어 기본 디코더(zxing)로 읽습니다. ({detail})",
        "The chosen decoder ({decoder}) cannot run here; reading with the default (zxing)."
        " ({detail})",
    ),
    ErrorKey.CAMERA_NOT_CHOSEN_FOUND: ErrorText(
        "E505",
        "설정한 카메라가 연결되어 있지 않아 기본 카메라({camera})를 씁니다.",
        "The chosen camera is not connected; using the default camera ({camera}).",
    ),
    # App versions (the banner over every screen; never a refusal)
    ErrorKey.APP_UPDATE_AVAILABLE: ErrorText(
        "E951",
        "새 버전 {latest}이(가) 있습니다 (지금 {running})."
        " 영업을 마친 뒤 설치해 주세요. 결제는 지금처럼 됩니다.",
        "A new version {latest} is available (this is {running})."
        " Install it after business hours; payments go on as before.",
    ),
    ErrorKey.APP_BELOW_MINIMUM: ErrorText(
        "E952",
        "이 프로그램({running})은 지원하는 최소 버전 {minimum}보다 오래되었습니다."
        " 결제는 계속되지만, 오늘 안에 새 버전 {latest}을(를) 설치해 주세요.",
        "This program ({running}) is older than the oldest supported version {minimum}."
        " Payments go on, but install the new version {latest} today.",
    ),
    # Catalog CSV import: the file as a whole
    ErrorKey.CATALOG_CSV_NOT_TEXT: ErrorText(
        "E601",
        "CSV 파일이 아닙니다. 엑셀에서 '다른 이름으로 저장' → 'CSV UTF-8(쉼표로 분리)'로"
        " 저장한 파일을 선택해 주세요.",
        "This is not a CSV file. In Excel use Save As → 'CSV UTF-8 (Comma delimited)'.",
    ),
    ErrorKey.CATALOG_CSV_UNKNOWN_ENCODING: ErrorText(
        "E602",
        "파일의 글자 인코딩을 알 수 없습니다 (UTF-8, CP949만 읽을 수 있습니다)."
        " 엑셀에서 'CSV UTF-8'로 저장해 주세요.",
        "The file's text encoding is unknown (UTF-8 and CP949 are read)."
        " Save it from Excel as 'CSV UTF-8'.",
    ),
    ErrorKey.CATALOG_CSV_EMPTY: ErrorText(
        "E603",
        "파일에 내용이 없습니다.",
        "The file is empty.",
    ),
    ErrorKey.CATALOG_CSV_NO_HEADER: ErrorText(
        "E604",
        "열 이름 줄을 찾지 못했습니다. 첫 줄에 상품명, 가격 같은 열 이름을 넣어 주세요.",
        "No header row found. Put column names such as name and price in the first row.",
    ),
    ErrorKey.CATALOG_CSV_MISSING_COLUMN: ErrorText(
        "E605",
        "꼭 필요한 열이 없습니다: {column}",
        "A required column is missing: {column}",
    ),
    ErrorKey.CATALOG_CSV_DUPLICATE_COLUMN: ErrorText(
        "E606",
        "같은 열이 두 번 있습니다: {column}",
        "The same column appears twice: {column}",
    ),
    # Catalog CSV import: one row (the row is left out, the others are imported)
    ErrorKey.CATALOG_CSV_NAME_MISSING: ErrorText(
        "E611",
        "상품명이 비어 있습니다.",
        "The product name is empty.",
    ),
    ErrorKey.CATALOG_CSV_NAME_TOO_LONG: ErrorText(
        "E612",
        "상품명은 {max}자까지 쓸 수 있습니다.",
        "The product name may be at most {max} characters.",
    ),
    ErrorKey.CATALOG_CSV_PRICE_MISSING: ErrorText(
        "E613",
        "가격이 비어 있습니다.",
        "The price is empty.",
    ),
    ErrorKey.CATALOG_CSV_BAD_PRICE: ErrorText(
        "E614",
        "가격은 원 단위 정수로 적어 주세요 (예: 1500, 1,500, 1500원): {value}",
        "Write the price in whole won (e.g. 1500, 1,500, 1500원): {value}",
    ),
    ErrorKey.CATALOG_CSV_PRICE_TOO_HIGH: ErrorText(
        "E615",
        "가격이 너무 큽니다 (최대 {max}).",
        "The price is too high (at most {max}).",
    ),
    ErrorKey.CATALOG_CSV_BAD_CODE: ErrorText(
        "E616",
        "바코드나 상품코드로 쓸 수 없는 값입니다: {code}",
        "Not a usable barcode or store code: {code}",
    ),
    ErrorKey.CATALOG_CSV_CODE_CHECK_DIGIT: ErrorText(
        "E617",
        "바코드 검증 숫자가 맞지 않습니다: {code}",
        "The barcode's check digit is wrong: {code}",
    ),
    ErrorKey.CATALOG_CSV_CODE_SCIENTIFIC: ErrorText(
        "E618",
        "엑셀이 바코드를 지수 형식({value})으로 바꿔 저장했습니다. 바코드 열의 셀 서식을"
        " '텍스트'로 바꾸고 바코드를 다시 입력해 주세요.",
        "Excel saved the barcode in scientific notation ({value}). Format the barcode"
        " column as Text and enter the barcodes again.",
    ),
    ErrorKey.CATALOG_CSV_DUPLICATE_CODE: ErrorText(
        "E619",
        "바코드 {code}가 {line}행에도 있습니다.",
        "Barcode {code} is also on row {line}.",
    ),
    ErrorKey.CATALOG_CSV_DUPLICATE_PRODUCT_ID: ErrorText(
        "E620",
        "상품ID {product_id}가 {line}행에도 있습니다.",
        "Product ID {product_id} is also on row {line}.",
    ),
    ErrorKey.CATALOG_CSV_BAD_FLAG: ErrorText(
        "E621",
        "Y 또는 N(예/아니오)으로 적어 주세요: {value}",
        "Write Y or N (yes/no): {value}",
    ),
    ErrorKey.CATALOG_CSV_TOO_MANY_CELLS: ErrorText(
        "E622",
        "열 이름이 없는 칸에 값이 있습니다. 상품명에 쉼표가 있다면 따옴표로 감싸 주세요.",
        "A cell beyond the named columns has a value. Quote a name that contains a comma.",
    ),
    ErrorKey.CATALOG_CSV_BAD_CHARACTERS: ErrorText(
        "E623",
        "읽을 수 없는 글자가 있습니다. 파일을 'CSV UTF-8'로 다시 저장해 주세요.",
        "There are unreadable characters. Save the file again as 'CSV UTF-8'.",
    ),
    ErrorKey.CATALOG_CSV_MALFORMED_ROW: ErrorText(
        "E624",
        "이 행을 CSV로 읽을 수 없습니다 (따옴표가 닫히지 않았거나 칸이 너무 깁니다).",
        "This row cannot be read as CSV (an unclosed quote or an overlong cell).",
    ),
    ErrorKey.CATALOG_CSV_CATEGORY_TOO_LONG: ErrorText(
        "E625",
        "분류는 {max}자까지 쓸 수 있습니다.",
        "The category may be at most {max} characters.",
    ),
    ErrorKey.CATALOG_CSV_BAD_PRODUCT_ID: ErrorText(
        "E626",
        "상품ID에는 띄어쓰기 없이 {max}자까지 쓸 수 있습니다: {value}",
        "A product ID has no spaces and at most {max} characters: {value}",
    ),
    # Catalog Excel (.xlsx) import: the workbook as a whole, checked before it is parsed
    ErrorKey.CATALOG_XLSX_NOT_WORKBOOK: ErrorText(
        "E641",
        "엑셀 통합 문서(.xlsx)가 아닙니다. 예전 형식(.xls)이나 암호가 걸린 파일이면 엑셀에서"
        " 암호를 풀고 'Excel 통합 문서(*.xlsx)'로 다시 저장해 주세요.",
        "This is not an Excel workbook (.xlsx). If it is an old .xls or password-protected"
        " file, remove the password in Excel and save it as 'Excel Workbook (*.xlsx)'.",
    ),
    ErrorKey.CATALOG_XLSX_TOO_LARGE: ErrorText(
        "E642",
        "엑셀 파일이 너무 큽니다 (압축을 풀면 {size}, 최대 {max}). 상품 목록만 남긴 파일로"
        " 다시 저장해 주세요.",
        "The workbook is too large ({size} unpacked, at most {max}). Save a file that holds"
        " only the product list.",
    ),
    ErrorKey.CATALOG_XLSX_TOO_MANY_ROWS: ErrorText(
        "E643",
        "시트의 행이 너무 많습니다 (최대 {max}행). 파일을 나눠서 가져와 주세요.",
        "The sheet has too many rows (at most {max}). Split the file and import each part.",
    ),
    ErrorKey.CATALOG_XLSX_UNSAFE_XML: ErrorText(
        "E644",
        "이 엑셀 파일에는 엑셀이 만들지 않는 내용(XML 문서 형식 선언)이 있어 읽지 않았습니다."
        " 엑셀에서 열어 다시 저장해 주세요.",
        "This workbook holds something Excel never writes (an XML document type declaration),"
        " so it was not read. Open it in Excel and save it again.",
    ),
    ErrorKey.CATALOG_XLSX_CELL_ERROR: ErrorText(
        "E645",
        "셀에 값 대신 수식 오류({value})가 있습니다. 수식을 고치거나 값으로 붙여넣어 주세요.",
        "The cell holds a formula error ({value}), not a value. Fix the formula or paste values.",
    ),
    ErrorKey.CATALOG_XLSX_CODE_AS_NUMBER: ErrorText(
        "E646",
        "바코드가 숫자({value})로 저장되어 앞자리 0이 사라졌을 수 있습니다. 바코드 열의 셀 서식을"
        " '텍스트'로 바꾸고 바코드를 다시 입력해 주세요.",
        "The barcode was stored as a number ({value}) and may have lost its leading zeros."
        " Format the barcode column as Text and enter the barcodes again.",
    ),
    ErrorKey.CATALOG_MAPPING_SAME_COLUMN: ErrorText(
        "E647",
        "{column} 열을 두 항목에 골랐습니다. 항목마다 다른 열을 골라 주세요.",
        "Column {column} is chosen for two fields. Choose a different column for each.",
    ),
    ErrorKey.CATALOG_XLSX_UNREADABLE: ErrorText(
        "E648",
        "엑셀 파일을 읽을 수 없습니다 (파일이 손상되었거나 잘렸습니다). 엑셀에서 열어 다시"
        " 저장해 주세요.",
        "The workbook cannot be read (it is damaged or cut off). Open it in Excel and save"
        " it again.",
    ),
    ErrorKey.CATALOG_CSV_BAD_TAX_CATEGORY: ErrorText(
        "E627",
        "과세구분은 과세 또는 면세로 적어 주세요: {value}",
        "Write the tax category as taxable (과세) or exempt (면세): {value}",
    ),
    ErrorKey.CATALOG_CSV_BAD_STOCK: ErrorText(
        "E649",
        "재고는 개수를 정수로 적어 주세요 (예: 12, 1,200, 최대 {max}). 비워 두면 재고를 바꾸지"
        " 않습니다: {value}",
        "Write the stock as a whole number (e.g. 12, 1,200, at most {max}); leave it empty"
        " to keep the stock as it is: {value}",
    ),
    # Catalogue editing at the counter
    ErrorKey.PRODUCT_NAME_REQUIRED: ErrorText(
        "E681",
        "상품명을 입력해 주세요 (100자 이내).",
        "Enter a product name (up to 100 characters).",
    ),
    ErrorKey.PRODUCT_BAD_PRICE: ErrorText(
        "E682",
        "가격은 0원부터 {max}까지의 정수로 입력해 주세요.",
        "Enter the price as whole won, from 0 to {max}.",
    ),
    ErrorKey.PRODUCT_BAD_CODE: ErrorText(
        "E683",
        "바코드 {code}을(를) 읽을 수 없습니다. 13·8·12자리 바코드(검증 숫자 포함)나"
        " 영문·숫자 매장 코드를 쓰세요.",
        "Code {code} is not valid: use a 13-, 8- or 12-digit barcode (with its check digit)"
        " or a store code of letters and digits.",
    ),
    ErrorKey.PRODUCT_CODE_TAKEN: ErrorText(
        "E684",
        "바코드 {code}은(는) 이미 '{other}' 상품에 쓰이고 있습니다.",
        "Code {code} already belongs to '{other}'.",
    ),
    ErrorKey.PRODUCT_UNKNOWN: ErrorText(
        "E685",
        "상품을 찾을 수 없습니다 ({product_id}).",
        "No such product ({product_id}).",
    ),
    # Stock, online listings and orders
    ErrorKey.STOCK_BAD_QUANTITY: ErrorText(
        "E701",
        "입고 수량은 1 이상 {max} 이하의 정수로 입력해 주세요.",
        "Enter the quantity received as a whole number from 1 to {max}.",
    ),
    ErrorKey.STOCK_BAD_DELTA: ErrorText(
        "E702",
        "조정 수량은 0이 아닌 정수로, {max} 이내로 입력해 주세요.",
        "Enter the adjustment as a non-zero whole number within {max}.",
    ),
    ErrorKey.STOCK_BAD_ADJUST_REASON: ErrorText(
        "E703",
        "재고 조정 사유(실사, 파손, 유통기한, 분실, 기타)를 골라 주세요.",
        "Choose why stock is adjusted (count, damaged, expired, lost, other).",
    ),
    ErrorKey.STOCK_NOTE_REQUIRED: ErrorText(
        "E704",
        "'기타' 사유로 조정할 때는 메모를 적어 주세요.",
        "An adjustment for 'other' needs a note.",
    ),
    ErrorKey.LISTING_UNKNOWN: ErrorText(
        "E711",
        "온라인 판매 등록을 찾을 수 없습니다 ({listing_id}).",
        "No such online listing ({listing_id}).",
    ),
    ErrorKey.LISTING_BAD_TITLE: ErrorText(
        "E712",
        "판매 제목은 1~{max}자로 입력해 주세요.",
        "Enter a listing title of 1 to {max} characters.",
    ),
    ErrorKey.LISTING_BAD_DESCRIPTION: ErrorText(
        "E713",
        "상품 설명은 {max}자까지 쓸 수 있습니다.",
        "The description may be at most {max} characters.",
    ),
    ErrorKey.LISTING_BAD_PRICE: ErrorText(
        "E714",
        "판매 가격은 1원부터 {max}까지의 정수로 입력해 주세요.",
        "Enter the price as whole won, from 1 to {max}.",
    ),
    ErrorKey.LISTING_BAD_STOCK: ErrorText(
        "E715",
        "온라인 판매 수량은 0부터 {max}까지 입력해 주세요.",
        "Enter the quantity offered online, from 0 to {max}.",
    ),
    ErrorKey.LISTING_TOO_MANY_PHOTOS: ErrorText(
        "E716",
        "사진은 {max}장까지 올릴 수 있습니다.",
        "A listing may have at most {max} photos.",
    ),
    ErrorKey.LISTING_PHOTO_REQUIRED: ErrorText(
        "E717",
        "검토를 요청하려면 사진이 한 장 이상 필요합니다.",
        "Add at least one photo before submitting for review.",
    ),
    ErrorKey.LISTING_DELIVERY_REQUIRED: ErrorText(
        "E718",
        "배송 방법(택배, 매장 픽업, 당일 배송)을 하나 이상 골라 주세요.",
        "Choose at least one delivery option (parcel, pickup, same-day).",
    ),
    ErrorKey.LISTING_BAD_DELIVERY: ErrorText(
        "E719",
        "배송비는 0원부터 100,000원까지이며, 당일 배송은 온시장에서만 할 수 있습니다.",
        "Delivery fees are 0 to 100,000 won, and same-day delivery is for 온시장 only.",
    ),
    ErrorKey.LISTING_INVALID: ErrorText(
        "E720",
        "온라인 판매 등록 내용이 올바르지 않습니다. ({detail})",
        "The listing is not valid. ({detail})",
    ),
    ErrorKey.LISTING_PHOTO_MISSING: ErrorText(
        "E721",
        "사진 파일이 이 PC에 없습니다. 사진을 다시 추가해 주세요.",
        "A photo is not on this PC. Add the photo again.",
    ),
    ErrorKey.LISTING_IN_REVIEW: ErrorText(
        "E722",
        "검토 중이거나 판매 중인 등록은 임시 저장할 수 없습니다."
        " 고친 내용으로 다시 제출하거나 판매를 중지해 주세요.",
        "A listing under review or on sale cannot go back to draft."
        " Submit the changes or withdraw it.",
    ),
    ErrorKey.LISTING_NOT_LISTED: ErrorText(
        "E723",
        "검토 중이거나 판매 중인 등록만 판매를 중지할 수 있습니다.",
        "Only a listing under review or on sale can be withdrawn.",
    ),
    ErrorKey.PHOTO_UNREADABLE: ErrorText(
        "E731",
        "사진 파일을 읽을 수 없습니다. JPEG, PNG, BMP, GIF, WebP 사진을 골라 주세요.",
        "The photo cannot be read. Choose a JPEG, PNG, BMP, GIF or WebP picture.",
    ),
    ErrorKey.PHOTO_TOO_LARGE: ErrorText(
        "E732",
        "사진을 줄여도 {max}보다 큽니다. 다른 사진을 골라 주세요.",
        "The photo is over {max} even when reduced. Choose another picture.",
    ),
    ErrorKey.PHOTO_TOO_MANY_PIXELS: ErrorText(
        "E734",
        "사진이 너무 큽니다 ({width}×{height}). {max_side} 픽셀 이하의 사진을 골라 주세요.",
        "The picture is too big ({width}x{height}). Choose one of at most {max_side} pixels.",
    ),
    ErrorKey.SYNC_MEDIA_REFUSED: ErrorText(
        "E733",
        "서버가 사진을 받지 않았습니다 ({reason}). 사진을 다시 추가한 뒤 다시 제출해 주세요.",
        "The server refused a photo ({reason}). Add the photo again, then submit again.",
    ),
    ErrorKey.ORDER_UNKNOWN: ErrorText(
        "E741",
        "주문을 찾을 수 없습니다 ({order_id}).",
        "No such order ({order_id}).",
    ),
    ErrorKey.ORDER_CANCELLED: ErrorText(
        "E742",
        "고객이 취소한 주문입니다. 상품을 보내지 마세요.",
        "The customer cancelled this order. Do not send the goods.",
    ),
    ErrorKey.ORDER_TRANSITION_INVALID: ErrorText(
        "E743",
        "이 주문은 지금 상태에서 그렇게 처리할 수 없습니다. 주문 상태를 다시 확인해 주세요.",
        "This order cannot be moved that way from its current state. Check its status.",
    ),
    ErrorKey.ORDER_REASON_REQUIRED: ErrorText(
        "E744",
        "거절 사유를 적어 주세요. 고객에게 그대로 전달됩니다.",
        "Enter a reason for the rejection; the customer sees it.",
    ),
    ErrorKey.ORDER_TRACKING_REQUIRED: ErrorText(
        "E745",
        "택배 송장 번호를 입력해 주세요.",
        "Enter the parcel tracking number.",
    ),
    # Staff, PINs and manager approval
    ErrorKey.STAFF_BAD_PIN: ErrorText(
        "E801",
        "PIN이 맞지 않습니다. {left}번 더 틀리면 잠깁니다.",
        "Wrong PIN. {left} more wrong tries lock it.",
    ),
    ErrorKey.STAFF_LOCKED: ErrorText(
        "E802",
        "PIN을 여러 번 틀려 잠겼습니다."
        " {remaining} 뒤에 다시 시도하거나 다른 직원이 로그인해 주세요.",
        "Locked after too many wrong PINs. Try again in {remaining}, or let someone else sign in.",
    ),
    ErrorKey.STAFF_NOT_ALLOWED: ErrorText(
        "E803",
        "{name} 님({role})은 이 작업을 할 수 없습니다. 관리자 승인이 필요합니다.",
        "{name} ({role}) may not do this. A manager must approve it.",
    ),
    ErrorKey.STAFF_APPROVER_NOT_ALLOWED: ErrorText(
        "E804",
        "{name} 님({role})의 PIN으로는 승인할 수 없습니다. 매니저나 사장님의 PIN을 입력해 주세요.",
        "{name} ({role}) cannot approve this. Enter a manager's or the owner's PIN.",
    ),
    ErrorKey.STAFF_BAD_NEW_PIN: ErrorText(
        "E805",
        "PIN은 숫자 4자리 이상이어야 합니다.",
        "A PIN is at least 4 digits.",
    ),
    ErrorKey.STAFF_PIN_TAKEN: ErrorText(
        "E806",
        "다른 직원이 쓰는 PIN입니다. 다른 PIN을 정해 주세요.",
        "Someone else uses this PIN. Choose another.",
    ),
    ErrorKey.STAFF_LAST_OWNER: ErrorText(
        "E807",
        "사장 권한을 가진 직원이 한 명은 있어야 합니다.",
        "At least one active owner must remain.",
    ),
    ErrorKey.STAFF_BAD_NAME: ErrorText(
        "E808",
        "직원 이름을 입력해 주세요. (40자 이하)",
        "Enter the staff member's name (at most 40 characters).",
    ),
    ErrorKey.STAFF_NOT_SIGNED_IN: ErrorText(
        "E809",
        "먼저 PIN으로 로그인해 주세요.",
        "Sign in with a PIN first.",
    ),
    ErrorKey.STAFF_UNKNOWN: ErrorText(
        "E810",
        "등록되지 않았거나 비활성화된 직원입니다.",
        "No such active staff member.",
    ),
    ErrorKey.STAFF_NO_STAFF: ErrorText(
        "E811",
        "등록된 직원이 없습니다. 사장님 PIN을 먼저 설정해 주세요.",
        "No staff yet. Set the owner's PIN first.",
    ),
    # Tenders and refunds
    ErrorKey.TENDER_SHORT_CASH: ErrorText(
        "E821",
        "받은 금액({tendered})이 결제금액({total})보다 적습니다.",
        "The cash handed over ({tendered}) is less than the total ({total}).",
    ),
    ErrorKey.TENDER_BAD_AMOUNT: ErrorText(
        "E822",
        "금액을 원 단위 숫자로 입력해 주세요.",
        "Enter the amount as a whole number of won.",
    ),
    ErrorKey.TENDER_NOT_CONFIRMED: ErrorText(
        "E823",
        "카드 단말기 승인을 확인해 주세요.",
        "Confirm that the card terminal approved the payment.",
    ),
    ErrorKey.CARD_APPROVAL_MISSING: ErrorText(
        "E361",
        "카드 단말기 전표의 승인번호를 입력하거나 스캔해 주세요.",
        "Type or scan the approval number from the card terminal's slip.",
    ),
    ErrorKey.CARD_APPROVAL_MALFORMED: ErrorText(
        "E362",
        "승인번호는 숫자 {min_len}~{max_len}자리입니다: {text}. 단말기 전표를 확인해 주세요.",
        "An approval number is {min_len} to {max_len} digits: {text}. Check the terminal's slip.",
    ),
    ErrorKey.PARK_EMPTY_CART: ErrorText(
        "E363",
        "보류할 상품이 없습니다.",
        "There is nothing to park: the sale is empty.",
    ),
    ErrorKey.PARK_CART_NOT_EMPTY: ErrorText(
        "E364",
        "진행 중인 판매가 있습니다. 결제하거나 보류(Ctrl+B)한 뒤 불러오세요.",
        "A sale is in progress. Pay or park it (Ctrl+B) before recalling another.",
    ),
    ErrorKey.PARK_GONE: ErrorText(
        "E365",
        "보류된 판매를 찾을 수 없습니다. 이미 불러왔을 수 있습니다.",
        "That parked sale is no longer there; it may have been recalled already.",
    ),
    ErrorKey.PARK_FULL: ErrorText(
        "E366",
        "보류된 판매가 {limit}건으로 가득 찼습니다. 먼저 하나를 불러와 결제해 주세요.",
        "{limit} sales are parked already. Recall and finish one first.",
    ),
    ErrorKey.REFUND_PAYMENT_UNKNOWN: ErrorText(
        "E831",
        "해당 결제를 찾을 수 없습니다. 영수증 번호나 승인번호를 확인해 주세요.",
        "No such payment. Check the receipt or approval number.",
    ),
    ErrorKey.REFUND_VOIDED: ErrorText(
        "E832",
        "이미 취소된 결제입니다.",
        "This payment was already voided.",
    ),
    ErrorKey.REFUND_DECLINED: ErrorText(
        "E833",
        "서버가 거절한 결제라 환불할 금액이 없습니다.",
        "The server declined this payment: there is nothing to refund.",
    ),
    ErrorKey.REFUND_NOTHING_LEFT: ErrorText(
        "E834",
        "이 결제는 이미 전액 환불되었습니다.",
        "This payment has been refunded in full already.",
    ),
    ErrorKey.REFUND_OVER_QUANTITY: ErrorText(
        "E835",
        "환불 수량이 남은 수량보다 많습니다.",
        "More items than are left to refund.",
    ),
    ErrorKey.REFUND_OVER_REFUND: ErrorText(
        "E836",
        "환불 금액({amount})이 환불 가능 금액({left})을 넘습니다.",
        "The refund ({amount}) is more than is left to refund ({left}).",
    ),
    ErrorKey.REFUND_NOTHING_CHOSEN: ErrorText(
        "E837",
        "환불할 상품이나 금액을 골라 주세요.",
        "Choose the items or the amount to refund.",
    ),
    ErrorKey.REFUND_NOT_APPROVED: ErrorText(
        "E838",
        "관리자 승인이 없어 환불하지 않았습니다.",
        "Not refunded: a manager did not approve.",
    ),
    ErrorKey.REFUND_REASON_REQUIRED: ErrorText(
        "E839",
        "환불 사유를 골라 주세요. (기타는 내용을 적어 주세요.)",
        "Choose a refund reason (describe it for 기타).",
    ),
    ErrorKey.REFUND_VOID_AFTER_REFUND: ErrorText(
        "E840",
        "부분 환불된 결제는 결제취소 대신 남은 금액을 환불해 주세요.",
        "This payment was partly refunded: refund the rest instead of voiding it.",
    ),
    ErrorKey.REFUND_BAD_SEARCH: ErrorText(
        "E841",
        "검색 조건을 확인해 주세요. (날짜 YYYY-MM-DD, 금액은 원 단위 숫자)",
        "Check the search (dates YYYY-MM-DD, amounts in whole won).",
    ),
    # Business day and day close
    ErrorKey.DAY_ALREADY_OPEN: ErrorText(
        "E851",
        "영업일이 이미 열려 있습니다. 마감한 뒤에 새 영업일을 시작해 주세요.",
        "A business day is already open. Close it before opening a new one.",
    ),
    ErrorKey.DAY_NOT_OPEN: ErrorText(
        "E852",
        "열린 영업일이 없습니다. 먼저 시재금을 입력해 영업을 시작해 주세요.",
        "No business day is open. Open the day with a cash float first.",
    ),
    ErrorKey.DAY_BAD_AMOUNT: ErrorText(
        "E853",
        "금액을 원 단위 숫자로 입력해 주세요. (최대 {max}원)",
        "Enter the amount as a whole number of won (at most {max} won).",
    ),
    ErrorKey.DAY_REASON_REQUIRED: ErrorText(
        "E854",
        "입출금 사유를 적어 주세요.",
        "Enter a reason for the cash in or out.",
    ),
    ErrorKey.DAY_BAD_COUNT: ErrorText(
        "E855",
        "권종별 수량을 0 이상의 숫자로 입력해 주세요.",
        "Enter each denomination's count as a number of 0 or more.",
    ),
    ErrorKey.DAY_NOT_COUNTED: ErrorText(
        "E856",
        "마감하려면 서랍의 현금을 세어 입력해 주세요.",
        "Count the cash in the drawer and enter it to close the day.",
    ),
    ErrorKey.SALES_BAD_RANGE: ErrorText(
        "E861",
        "조회 기간을 확인해 주세요. 시작일이 종료일보다 늦거나 {max_days}일을 넘습니다.",
        "Check the dates: the start is after the end or the range exceeds {max_days} days.",
    ),
    ErrorKey.SALES_EXPORT_FAILED: ErrorText(
        "E862",
        "CSV 파일을 저장하지 못했습니다. 다른 위치를 골라 다시 시도해 주세요. ({detail})",
        "The CSV file could not be saved. Choose another place and try again. ({detail})",
    ),
    # Receipts and printing
    ErrorKey.PRINT_NOT_CONFIGURED: ErrorText(
        "E871",
        "영수증 프린터가 설정되지 않았습니다. 설정에서 프린터를 고른 뒤 다시 시도해 주세요.",
        "No receipt printer is set up. Choose one in the settings, then try again.",
    ),
    ErrorKey.PRINT_DEVICE_FAILED: ErrorText(
        "E872",
        "영수증을 인쇄하지 못했습니다. 프린터 전원·용지·연결을 확인한 뒤 다시 시도해 주세요."
        " ({detail})",
        "The receipt did not print. Check the printer's power, paper and cable, then retry."
        " ({detail})",
    ),
    ErrorKey.PRINT_UNCERTAIN: ErrorText(
        "E873",
        "이전 인쇄가 끝났는지 알 수 없습니다. 영수증이 나왔는지 확인하고,"
        " 필요하면 재발행해 주세요.",
        "It is unknown whether the last print finished. Check for the receipt;"
        " reprint it if needed.",
    ),
    ErrorKey.PRINT_UNKNOWN_PAYMENT: ErrorText(
        "E874",
        "이 결제를 찾을 수 없어 영수증을 인쇄할 수 없습니다.",
        "This payment cannot be found, so its receipt cannot be printed.",
    ),
    ErrorKey.PRINT_BAD_SETTINGS: ErrorText(
        "E875",
        "프린터 설정이 올바르지 않습니다: {detail}",
        "The printer settings are not valid: {detail}",
    ),
    ErrorKey.PRINT_NO_DRIVER: ErrorText(
        "E876",
        "이 연결 방식에 필요한 드라이버가 설치되어 있지 않습니다. ({detail})",
        "The driver this connection needs is not installed. ({detail})",
    ),
    ErrorKey.PRINT_FILE_FAILED: ErrorText(
        "E877",
        "PDF 파일을 저장하지 못했습니다. 다른 위치를 골라 주세요. ({detail})",
        "The PDF could not be saved. Choose another place. ({detail})",
    ),
    ErrorKey.PRINT_UNKNOWN_DOCUMENT: ErrorText(
        "E878",
        "인쇄할 환불 또는 마감 기록을 찾을 수 없습니다.",
        "The refund or day close to print cannot be found.",
    ),
    ErrorKey.PRINT_DEVICE_LIST_FAILED: ErrorText(
        "E879",
        "연결된 장치 목록을 읽지 못했습니다. 번호나 포트를 직접 입력할 수 있습니다. ({detail})",
        "The list of attached devices could not be read. You can type the id or port. ({detail})",
    ),
    ErrorKey.PRINT_USB_HELD_BY_DRIVER: ErrorText(
        "E880",
        "Windows에 설치된 프린터 드라이버가 이 USB 프린터를 쓰고 있어 직접 보낼 수 없습니다."
        " 연결 방식을 'Windows / 시스템 프린터'로 바꿔 주세요.",
        "The printer driver installed in Windows holds this USB printer, so it cannot be"
        " sent to directly. Choose 'Windows / system printer' as the connection.",
    ),
    # Merchant-presented QR, EMVCo MPM
    ErrorKey.MPM_MERCHANT_QR_SCANNED: ErrorText(
        "E310",
        "가맹점 QR입니다. 고객의 결제 코드를 스캔해 주세요.",
        "This is a merchant QR. Scan the customer's payment code instead.",
    ),
    ErrorKey.MPM_INVALID: ErrorText(
        "E311",
        "QR 내용이 올바르지 않습니다({field} 항목, {reason}). 다시 스캔하거나 새 QR을 받아 주세요.",
        "The QR is not valid (field {field}, {reason}). Scan again or ask for a new QR.",
    ),
    ErrorKey.MPM_NOT_CHEONGJU_PAY: ErrorText(
        "E312",
        "청주페이 가맹점 QR이 아닙니다. ({scheme})",
        "This is not a Cheongju Pay merchant QR. ({scheme})",
    ),
    ErrorKey.MPM_MERCHANT_NAME_NOT_ASCII: ErrorText(
        "E313",
        "QR에 들어갈 영문 상호는 영문·숫자·기호 {limit}자 이내여야 합니다."
        " 설정에서 영문 상호를 확인해 주세요.",
        "The merchant name in the QR must be at most {limit} Latin letters, digits or signs."
        " Check the English shop name in the settings.",
    ),
    ErrorKey.MPM_DEVIATES_FROM_EMV: ErrorText(
        "E314",
        "EMVCo 규격과 다르게 만든 가맹점 QR입니다({scheme}): {deviations}.",
        "This merchant QR departs from EMVCo ({scheme}): {deviations}.",
    ),
    # Merchant-presented payments: the customer scans the merchant QR (E320-E329)
    ErrorKey.MPM_PAY_NOT_ENROLLED: ErrorText(
        "E320",
        "이 POS가 청주페이 서버에 등록되지 않아 가맹점 QR 결제를 할 수 없습니다.",
        "This POS is not enrolled with the Cheongju Pay server: merchant QR payment is off.",
    ),
    ErrorKey.MPM_PAY_OFFLINE: ErrorText(
        "E321",
        "서버에 연결할 수 없어 가맹점 QR 결제를 시작할 수 없습니다."
        " 고객의 결제 코드를 스캔해 주세요.",
        "The server cannot be reached, so a merchant QR payment cannot start."
        " Scan the customer's payment code instead.",
    ),
    ErrorKey.MPM_PAY_AMOUNT_OUT_OF_RANGE: ErrorText(
        "E322",
        "가맹점 QR 결제는 1원부터 10,000,000원까지 가능합니다.",
        "A merchant QR payment must be 1 to 10,000,000 won.",
    ),
    ErrorKey.MPM_PAY_UNKNOWN_REQUEST: ErrorText(
        "E323",
        "서버에 이 결제 요청이 없습니다. 결제를 다시 시작해 주세요.",
        "The server has no such payment request. Start the payment again.",
    ),
    ErrorKey.MPM_PAY_REFUSED: ErrorText(
        "E324",
        "서버가 결제 요청을 받지 않았습니다. ({reason})",
        "The server refused the payment request. ({reason})",
    ),
    # Customer display and paying by merchant QR at the counter (E330-E339)
    ErrorKey.DISPLAY_QR_EXPIRED: ErrorText(
        "E330",
        "가맹점 QR 결제 시간이 지났습니다. 고객은 결제하지 않았고 장바구니는 그대로입니다."
        " 다시 시작하거나 다른 방법으로 받아 주세요.",
        "The merchant QR payment timed out. The customer did not pay; the cart is kept."
        " Start again or take another tender.",
    ),
    ErrorKey.DISPLAY_QR_CANCELLED: ErrorText(
        "E331",
        "서버에서 이 가맹점 QR 결제 요청이 취소되었습니다. 장바구니는 그대로입니다.",
        "The server cancelled this merchant QR payment request. The cart is kept.",
    ),
    ErrorKey.DISPLAY_SCREEN_MISSING: ErrorText(
        "E332",
        "고객용 화면으로 정한 모니터({screen})가 연결되어 있지 않아 다른 화면에 엽니다."
        " 설정(F12)에서 다시 고를 수 있습니다.",
        "The monitor chosen for the customer display ({screen}) is not connected:"
        " it opens on another screen. Choose again in Settings (F12).",
    ),
    ErrorKey.DISPLAY_NO_MERCHANT_QR: ErrorText(
        "E333",
        "고객 화면에 가맹점 QR이 없습니다. POS에서 F5 → 가맹점 QR을 먼저 시작해 주세요.",
        "The customer display shows no merchant QR. Start one at the POS first (F5, merchant QR).",
    ),
    ErrorKey.DISPLAY_QR_UNREADABLE: ErrorText(
        "E334",
        "고객 화면의 QR을 읽지 못했습니다. 다시 시도해 주세요.",
        "The QR on the customer display could not be read. Try again.",
    ),
    ErrorKey.DISPLAY_PHONE_REFUSED: ErrorText(
        "E335",
        "결제하지 못했습니다: {reason}",
        "The payment did not go through: {reason}",
    ),
    # Cash receipts (현금영수증): the customer's number at the counter (E341-E349)
    ErrorKey.CASH_RECEIPT_BAD_PHONE: ErrorText(
        "E341",
        "휴대전화 번호가 올바르지 않습니다 (010 + 8자리, 011·016·017·018·019 + 7~8자리)."
        " 다시 입력해 주세요. 판매는 그대로입니다.",
        "The mobile number is not valid (010 + 8 digits; 011, 016, 017, 018, 019 + 7 or 8"
        " digits). Enter it again; the sale is kept.",
    ),
    ErrorKey.CASH_RECEIPT_BAD_CARD_LENGTH: ErrorText(
        "E342",
        "현금영수증 카드 번호는 13~19자리입니다 ({digits}자리 입력). 판매는 그대로입니다.",
        "A cash-receipt card number has 13 to 19 digits ({digits} given). The sale is kept.",
    ),
    ErrorKey.CASH_RECEIPT_BAD_CARD_CHECK: ErrorText(
        "E343",
        "현금영수증 카드 번호의 검증 숫자가 맞지 않습니다. 카드를 다시 읽거나 번호를 확인해"
        " 주세요. 판매는 그대로입니다.",
        "The cash-receipt card number fails its check digit. Scan the card again or check"
        " the number; the sale is kept.",
    ),
    ErrorKey.CASH_RECEIPT_BAD_BUSINESS_NUMBER: ErrorText(
        "E344",
        "사업자등록번호가 올바르지 않습니다 (10자리, 검증 숫자 확인). 판매는 그대로입니다.",
        "The business registration number is not valid (10 digits with a check digit)."
        " The sale is kept.",
    ),
    ErrorKey.CASH_RECEIPT_EMPTY: ErrorText(
        "E345",
        "현금영수증 번호(휴대전화, 카드 또는 사업자번호)를 입력하거나 읽혀 주세요.",
        "Type or scan the cash-receipt number (mobile, card or business number).",
    ),
    ErrorKey.CASH_RECEIPT_NOT_DIGITS: ErrorText(
        "E346",
        "현금영수증 번호에는 숫자, 하이픈(-), 공백만 쓸 수 있습니다. 판매는 그대로입니다.",
        "A cash-receipt number holds only digits, hyphens and spaces. The sale is kept.",
    ),
    ErrorKey.CASH_RECEIPT_NOT_CASH: ErrorText(
        "E347",
        "현금영수증은 현금 결제에만 발급됩니다. 청주페이·카드 결제는 카드 사용액으로 공제됩니다.",
        "Cash receipts are for cash payments only; Cheongju Pay and card payments count as"
        " card spending.",
    ),
    ErrorKey.CASH_RECEIPT_REFUSED: ErrorText(
        "E348",
        "현금영수증이 발급되지 않았습니다: {reason}. 판매는 그대로입니다.",
        "The cash receipt was not issued: {reason}. The sale is kept.",
    ),
    # Split payment (복합결제): Cheongju Pay for part, cash or card for the rest (E351-E359)
    ErrorKey.SPLIT_OVER_ALL_PAY: ErrorText(
        "E351",
        "청주페이 금액({amount})이 청주페이 전액 결제 가격({limit})보다 큽니다."
        " 금액을 줄여 주세요. 판매는 그대로입니다.",
        "The Cheongju Pay amount ({amount}) is more than the all-Cheongju-Pay price"
        " ({limit}). Lower it; the sale is kept.",
    ),
    ErrorKey.SPLIT_BAD_AMOUNT: ErrorText(
        "E352",
        "복합결제 금액이 올바르지 않습니다 (0원 이상의 정수). 판매는 그대로입니다.",
        "A split-payment amount is not valid (whole won, 0 or more). The sale is kept.",
    ),
    ErrorKey.SPLIT_PARTS_DO_NOT_ADD_UP: ErrorText(
        "E353",
        "현금과 카드 금액의 합({parts})이 남은 금액({rest})과 맞지 않습니다. 판매는 그대로입니다.",
        "The cash and card amounts ({parts}) do not add up to the rest ({rest}). The sale is kept.",
    ),
    ErrorKey.SPLIT_SHORT_CASH: ErrorText(
        "E354",
        "받은 현금({tendered})이 현금 결제분({cash})보다 적습니다. 판매는 그대로입니다.",
        "The cash handed over ({tendered}) is less than the cash part ({cash}). The sale is kept.",
    ),
    ErrorKey.SPLIT_NO_CHEONGJU_PAY_MEANS: ErrorText(
        "E355",
        "청주페이 결제분을 받을 방법을 정하세요: 결제 QR을 읽히거나 청주페이 카드 승인번호를"
        " 입력하세요 (둘 중 하나만).",
        "Choose how the Cheongju Pay part is paid: scan the payment QR or enter the"
        " Cheongju Pay card's approval number (one of the two).",
    ),
    ErrorKey.SPLIT_BAD_APPROVAL_NO: ErrorText(
        "E356",
        "청주페이 카드 승인번호는 단말기 전표의 숫자 6~12자리입니다. 다시 입력해 주세요.",
        "The Cheongju Pay card approval number is the 6 to 12 digits on the terminal's"
        " slip. Enter it again.",
    ),
    ErrorKey.REOPEN_NOT_DECLINED: ErrorText(
        "E357",
        "거절된 청주페이 결제만 다시 열 수 있습니다.",
        "Only a declined Cheongju Pay payment can be reopened.",
    ),
    ErrorKey.REOPEN_ALREADY_REOPENED: ErrorText(
        "E358",
        "이 거절된 결제는 이미 다시 열어 결제했습니다 (영수증 {receipt_no}).",
        "This declined payment was already reopened and paid (receipt {receipt_no}).",
    ),
    ErrorKey.REOPEN_CART_NOT_EMPTY: ErrorText(
        "E359",
        "장바구니가 비어 있지 않습니다. 지금 판매를 마치거나 비운 뒤 거절된 결제를 다시 여세요.",
        "The cart is not empty. Finish or clear the sale in progress, then reopen the"
        " declined payment.",
    ),
    # Storage
    ErrorKey.STORE_DISK_FULL: ErrorText(
        "E901",
        "디스크 공간이 부족해 저장하지 못했습니다. 기록은 바뀌지 않았습니다."
        " 공간을 비운 뒤 다시 시도해 주세요.",
        "The disk is full; nothing was saved or lost. Free some space and try again.",
    ),
    ErrorKey.STORE_UNAVAILABLE: ErrorText(
        "E902",
        "데이터 파일을 열거나 쓸 수 없습니다. 기록은 바뀌지 않았습니다. ({detail})",
        "The data file cannot be opened or written; nothing was changed. ({detail})",
    ),
    ErrorKey.STORE_CORRUPT: ErrorText(
        "E903",
        "데이터 파일이 손상되었습니다. 프로그램을 닫고 관리자에게 연락해 주세요. ({detail})",
        "The data file is damaged. Close the program and call support. ({detail})",
    ),
    ErrorKey.STORE_TOO_NEW: ErrorText(
        "E904",
        "이 데이터 파일은 더 새로운 버전의 프로그램이 만든 것입니다. 프로그램을 업데이트해 주세요.",
        "This data file was written by a newer version of the program. Update it.",
    ),
    # Backups and the data file's health
    ErrorKey.BACKUP_DAMAGED_USE_BACKUP: ErrorText(
        "E905",
        "데이터 파일이 손상되어 프로그램을 시작할 수 없습니다 ({detail})."
        " 가장 최근의 정상 백업은 {backup} ({made_at})입니다."
        " 이 백업으로 복원할 수 있으며, 손상된 파일은 지우지 않고 따로 보관합니다.",
        "The data file is damaged and the program cannot start ({detail})."
        " The newest good backup is {backup} ({made_at}). You can restore it;"
        " the damaged file is kept aside, not deleted.",
    ),
    ErrorKey.BACKUP_DAMAGED_NO_BACKUP: ErrorText(
        "E905",
        "데이터 파일이 손상되어 프로그램을 시작할 수 없습니다 ({detail})."
        " 쓸 수 있는 백업이 없습니다. 파일을 지우지 말고 고객센터에 연락해 주세요.",
        "The data file is damaged and the program cannot start ({detail})."
        " There is no usable backup. Do not delete the file; call support.",
    ),
    # The same damage found by the full check while the program runs and sells.
    ErrorKey.BACKUP_DAMAGED_WHILE_OPEN_USE_BACKUP: ErrorText(
        "E905",
        "데이터 파일에서 손상을 발견했습니다 ({detail}). 프로그램은 계속 실행 중이며 지금까지의"
        " 판매 기록은 안전합니다. 가장 최근의 정상 백업은 {backup} ({made_at})입니다."
        " 복원하려면 프로그램을 닫고 이 백업으로 복원하며, 백업 이후의 기록은 확인되는 만큼"
        " 복원한 파일로 옮겨 옵니다. 손상된 파일은 지우지 않고 따로 보관합니다.",
        "Damage was found in the data file ({detail}). The program is still running and the"
        " sales recorded so far are safe. The newest good backup is {backup} ({made_at})."
        " Restoring means closing the program and restoring this backup; the records made"
        " since are carried over as far as they verify. The damaged file is kept aside,"
        " not deleted.",
    ),
    ErrorKey.BACKUP_DAMAGED_WHILE_OPEN_NO_BACKUP: ErrorText(
        "E905",
        "데이터 파일에서 손상을 발견했습니다 ({detail}). 프로그램은 계속 실행 중이며 지금까지의"
        " 판매 기록은 안전합니다. 쓸 수 있는 백업이 없습니다. 파일을 지우지 말고 고객센터에"
        " 연락해 주세요.",
        "Damage was found in the data file ({detail}). The program is still running and the"
        " sales recorded so far are safe. There is no usable backup. Do not delete the file;"
        " call support.",
    ),
    ErrorKey.BACKUP_FAILED: ErrorText(
        "E906",
        "백업을 만들지 못했습니다. 판매 기록은 그대로 안전합니다. ({detail})",
        "The backup could not be made. Your sales records are safe. ({detail})",
    ),
    ErrorKey.BACKUP_RESTORE_FAILED: ErrorText(
        "E907",
        "백업에서 복원하지 못했습니다. 지금 파일은 바뀌지 않았습니다. ({detail})",
        "The backup could not be restored. The current file was not changed. ({detail})",
    ),
    # One running app per data file
    ErrorKey.INSTANCE_SECOND_START: ErrorText(
        "E911",
        "POS 프로그램을 한 번 더 실행했습니다. 같은 데이터 파일로는 하나만 열 수 있어"
        " 이 창을 앞으로 가져왔습니다. 이 창에서 계속 판매하세요.",
        "The POS was started a second time. One data file opens in one window only,"
        " so this window was brought to the front. Carry on selling here.",
    ),
    ErrorKey.INSTANCE_RUNNING: ErrorText(
        "E912",
        "이 데이터 파일로 POS 프로그램이 이미 실행 중입니다 (PID {pid})."
        " 작업 표시줄에서 열려 있는 POS 창을 찾아 쓰세요.",
        "The POS is already running on this data file (PID {pid})."
        " Find its window on the taskbar and use it.",
    ),
    ErrorKey.BACKUP_FILE_IN_USE: ErrorText(
        "E913",
        "POS 프로그램이 이 데이터 파일을 쓰고 있어 바꿀 수 없습니다 (PID {pid})."
        " 프로그램을 닫은 뒤 다시 해 주세요. 파일은 바뀌지 않았습니다.",
        "The POS is using this data file, so it cannot be replaced (PID {pid})."
        " Close the program and try again. Nothing was changed.",
    ),
    ErrorKey.BACKUP_NO_ANSWER: ErrorText(
        "E914",
        "확인 답을 받을 수 없어 복원하지 않았습니다 (입력이 닫혀 있습니다)."
        " 확인 없이 복원하려면 --yes 를 붙여 주세요.",
        "No answer could be read, so nothing was restored (the input is closed)."
        " Add --yes to restore without asking.",
    ),
    ErrorKey.INSPECT_BAD_KEYS: ErrorText(
        "E915",
        "발급사 키 파일을 쓸 수 없습니다 ({reason}): {path}."
        " 공개키 목록 JSON 파일(서버의 /v1/keys 또는 테스트 벡터 형식)을 지정하세요.",
        "The issuer keys file cannot be used ({reason}): {path}."
        " Give a JSON list of public keys (the server's /v1/keys or the test vectors' format).",
    ),
    # Manual price changes and discounts
    ErrorKey.DISCOUNT_BAD_VALUE: ErrorText(
        "E371",
        "가격이나 할인을 확인해 주세요: 금액은 0원 이상 {max}원 이하, 할인율은 0~100% 입니다.",
        "Check the price or discount: amounts are 0 to {max} won, a percentage 0 to 100 %.",
    ),
    ErrorKey.DISCOUNT_OVER_LINE: ErrorText(
        "E372",
        "할인이 상품 금액({amount}원)보다 클 수 없습니다.",
        "A discount cannot be more than the goods come to ({amount} won).",
    ),
    ErrorKey.DISCOUNT_NEEDS_APPROVAL: ErrorText(
        "E373",
        "이 가격 변경·할인은 매니저 승인이 필요합니다. 매니저나 사장의 PIN을 입력해 주세요.",
        "This price change or discount needs a manager's approval."
        " Enter a manager's or the owner's PIN.",
    ),
    ErrorKey.DISCOUNT_BAD_REASON: ErrorText(
        "E374",
        "할인 사유를 골라 주세요 (직접 입력은 {max}자까지).",
        "Choose a reason for the discount (typed text up to {max} characters).",
    ),
    ErrorKey.DISCOUNT_NO_LINE: ErrorText(
        "E375",
        "할인할 상품이 없습니다. 상품을 먼저 담고 줄을 골라 주세요.",
        "There is nothing to discount. Add goods first and select a line.",
    ),
    ErrorKey.UNEXPECTED: ErrorText(
        "E999",
        "예상하지 못한 오류가 발생했습니다. 기록은 안전합니다."
        " 문제가 계속되면 관리자에게 연락해 주세요.",
        "An unexpected error occurred. Your records are safe. Call support if it persists.",
    ),
}


@dataclass(frozen=True)
class Localized:
    """A message parameter worded in both languages, shown in the message's language."""

    ko: str
    en: str

    def text(self, language: str = "ko") -> str:
        return self.en if language == "en" else self.ko

    def format(self, **params: object) -> Localized:
        return Localized(self.ko.format(**params), self.en.format(**params))


#: What is wrong with a damaged data file (``store.backup.FileState`` value), E905's {detail}.
FILE_DAMAGE: dict[str, Localized] = {
    "not_a_database": Localized("데이터 파일 형식이 아님", "not a data file"),
    "damaged": Localized("파일 일부가 잘리거나 깨짐", "part of the file is cut off or broken"),
    "chain_broken": Localized(
        "기록 체인이 맞지 않음: {seq}번 기록", "the record chain breaks at record {seq}"
    ),
}


class UserFacingError(Exception):
    """An error with a code and a message fit for the counter.

    ``params`` fill the message templates; money params should already be
    formatted with :func:`pos_app.domain.money.format_won`.
    """

    def __init__(self, key: ErrorKey, **params: object) -> None:
        # A plain string is still looked up (the journal and the sync status keep keys as
        # text); pos_app itself passes members, which tests/domain/test_error_catalog.py checks.
        try:
            self.key = ErrorKey(key)
        except ValueError:
            raise KeyError(f"no error text for {key!r}") from None
        self.params = params
        super().__init__(f"{self.code} {key} {params}" if params else f"{self.code} {key}")

    @property
    def code(self) -> str:
        return CATALOG[self.key].code

    def message(self, language: str = "ko") -> str:
        text = CATALOG[self.key]
        template = text.en if language == "en" else text.ko
        params = {
            name: value.text(language) if isinstance(value, Localized) else value
            for name, value in self.params.items()
        }
        return template.format(**params)

    def display(self, language: str = "ko") -> str:
        """The line a cashier sees: ``[E105] 유효시간이 지난 결제 코드입니다. …``"""
        return f"[{self.code}] {self.message(language)}"
