"""Errors a cashier may see: a stable code, a Korean message and an English one.

Callers recognise errors by ``key`` (never by message text). The UI shows
``code`` next to the message so that a support call can name the exact case.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorText:
    code: str
    ko: str
    en: str


CATALOG: dict[str, ErrorText] = {
    # Customer payment code (CPM token v1)
    "cpm.malformed": ErrorText(
        "E101",
        "결제 코드를 읽을 수 없습니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "The payment code is unreadable. Ask the customer to show a new QR.",
    ),
    "cpm.unknown_key": ErrorText(
        "E102",
        "알 수 없는 발급 키로 만든 결제 코드입니다. 서버와 동기화한 뒤 다시 시도해 주세요.",
        "The payment code was signed with an unknown issuer key. Sync, then try again.",
    ),
    "cpm.bad_signature": ErrorText(
        "E103",
        "위조되었거나 손상된 결제 코드입니다. 결제를 받지 마세요.",
        "The payment code is forged or damaged. Do not accept it.",
    ),
    "cpm.not_yet_valid": ErrorText(
        "E104",
        "아직 유효하지 않은 결제 코드입니다. 이 PC의 시계를 확인해 주세요.",
        "The payment code is not valid yet. Check this PC's clock.",
    ),
    "cpm.expired": ErrorText(
        "E105",
        "유효시간이 지난 결제 코드입니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "The payment code has expired. Ask the customer to show a new QR.",
    ),
    "cpm.already_used": ErrorText(
        "E106",
        "이미 사용된 결제 코드입니다. 고객에게 QR을 새로 띄워 달라고 해 주세요.",
        "This payment code was already used. Ask the customer to show a new QR.",
    ),
    "cpm.online_only": ErrorText(
        "E107",
        "온라인 전용 결제 코드라 오프라인 상태에서는 받을 수 없습니다.",
        "This payment code is online-only and cannot be accepted offline.",
    ),
    "cpm.over_offline_limit": ErrorText(
        "E108",
        "오프라인 결제 한도({limit}) 초과입니다. 결제 금액 {amount}.",
        "Over the code's offline limit ({limit}). Amount {amount}.",
    ),
    # Checkout
    "checkout.over_floor_limit": ErrorText(
        "E201",
        "오프라인 1회 결제 한도({limit}) 초과입니다. 결제 금액 {amount}.",
        "Over the offline limit per payment ({limit}). Amount {amount}.",
    ),
    "checkout.over_unsynced_cap": ErrorText(
        "E202",
        "미전송 결제 합계 한도({limit}) 초과입니다. 서버와 연결된 뒤 결제해 주세요."
        " (미전송 {pending}, 이번 결제 {amount})",
        "Over the cap on unsynced payments ({limit}). Connect to the server first."
        " (unsynced {pending}, this payment {amount})",
    ),
    "checkout.empty_cart": ErrorText(
        "E203",
        "장바구니가 비어 있습니다. 상품을 먼저 담아 주세요.",
        "The cart is empty. Add items first.",
    ),
    "checkout.bad_amount": ErrorText(
        "E204",
        "금액은 1원 이상 {max} 이하의 정수로 입력해 주세요.",
        "Enter a whole amount between 1 won and {max}.",
    ),
    "checkout.bad_quantity": ErrorText(
        "E205",
        "수량은 1 이상 {max} 이하로 입력해 주세요.",
        "Enter a quantity between 1 and {max}.",
    ),
    "checkout.no_issuer_keys": ErrorText(
        "E206",
        "결제 코드를 확인할 발급 키가 없습니다. 서버에 연결해 키를 받아 주세요.",
        "No issuer keys to check payment codes. Connect to the server to get them.",
    ),
    "scan.unknown_product": ErrorText(
        "E211",
        "등록되지 않은 상품 바코드입니다: {code}",
        "No product has this barcode: {code}",
    ),
    "scan.unrecognised": ErrorText(
        "E212",
        "알 수 없는 코드입니다. 결제 QR이나 상품 바코드를 스캔해 주세요.",
        "Unrecognised code. Scan a payment QR or a product barcode.",
    ),
    "scan.bad_check_digit": ErrorText(
        "E213",
        "바코드 검증 숫자가 맞지 않습니다. 다시 스캔해 주세요: {code}",
        "The barcode's check digit is wrong. Scan it again: {code}",
    ),
    # Void and manager approval
    "void.nothing_to_void": ErrorText(
        "E301",
        "취소할 직전 결제가 없습니다.",
        "There is no last payment to void.",
    ),
    "checkout.no_payments": ErrorText(
        "E304",
        "아직 결제 기록이 없습니다.",
        "There are no payments yet.",
    ),
    "void.not_last": ErrorText(
        "E305",
        "그 사이에 새 결제가 기록되어 취소하지 않았습니다. 다시 확인해 주세요.",
        "A newer payment was recorded meanwhile; nothing was voided. Check again.",
    ),
    "scan.dialog_open": ErrorText(
        "E214",
        "창이 열려 있어 스캔을 처리하지 않았습니다. 창을 닫고 다시 스캔해 주세요.",
        "A dialog is open, so the scan was not used. Close it and scan again.",
    ),
    "void.bad_pin": ErrorText(
        "E302",
        "관리자 PIN이 맞지 않습니다.",
        "The manager PIN is wrong.",
    ),
    "void.already_voided": ErrorText(
        "E303",
        "이미 취소된 결제입니다.",
        "This payment is already voided.",
    ),
    # Sync with the central server
    "sync.network": ErrorText(
        "E401",
        "중앙 서버에 연결할 수 없습니다. 결제 기록은 안전하게 보관되며 연결되면 자동 전송됩니다.",
        "Cannot reach the central server. Records are kept and sent when it is back.",
    ),
    "sync.auth": ErrorText(
        "E402",
        "단말기 인증이 만료되었거나 취소되었습니다. 단말기를 다시 등록해 주세요."
        " 미전송 기록은 그대로 보관됩니다.",
        "This device's access was revoked or expired. Enrol it again; nothing pending is lost.",
    ),
    "sync.conflict": ErrorText(
        "E403",
        "서버와 거래 기록이 맞지 않습니다 (기록 번호 {seq}). 전송을 멈췄습니다."
        " 관리자에게 연락해 주세요.",
        "The server's record and this device's disagree (seq {seq}). Sending stopped."
        " Call support.",
    ),
    "sync.bad_reply": ErrorText(
        "E404",
        "서버 응답이 올바르지 않습니다. 잠시 후 자동으로 다시 시도합니다. ({detail})",
        "The server's reply was malformed. Retrying later automatically. ({detail})",
    ),
    "sync.busy": ErrorText(
        "E405",
        "서버가 바쁩니다. {seconds}초 뒤 다시 시도합니다.",
        "The server is busy. Retrying in {seconds} s.",
    ),
    "sync.insecure_url": ErrorText(
        "E406",
        "서버 주소는 https:// 로 시작해야 합니다 (이 PC 안의 서버만 http 허용).",
        "The server address must start with https:// (plain http only for this PC).",
    ),
    "sync.enrolment_refused": ErrorText(
        "E407",
        "가맹점 번호나 등록 코드가 맞지 않거나 이미 사용된 코드입니다.",
        "The merchant ID or enrolment code is wrong, expired or already used.",
    ),
    "sync.not_enrolled": ErrorText(
        "E408",
        "이 단말기는 아직 중앙 서버에 등록되지 않았습니다.",
        "This device is not enrolled with the central server yet.",
    ),
    "sync.no_credential_store": ErrorText(
        "E409",
        "이 PC에서 비밀 정보 저장소(자격 증명 관리자)를 사용할 수 없습니다. ({detail})",
        "No OS credential store is available on this PC. ({detail})",
    ),
    "payment.declined": ErrorText(
        "E410",
        "결제가 거절되었습니다 (영수증 {receipt}): {message}",
        "Payment declined (receipt {receipt}): {message}",
    ),
    "payment.unanswered_void": ErrorText(
        "E411",
        "서버 응답이 없고 오프라인 한도를 넘는 결제라 취소했습니다 (영수증 {receipt}).",
        "No answer from the server and over the offline limits: payment voided"
        " (receipt {receipt}).",
    ),
    "checkout.unsynced_too_old": ErrorText(
        "E207",
        "{hours}시간 넘게 서버에 전송되지 않은 결제가 있어 오프라인 결제를 받을 수 없습니다.",
        "Payments unsent for over {hours} hours: no offline payments until synced.",
    ),
    # Camera scanning (the USB scanner keeps working in every one of these cases)
    "camera.none": ErrorText(
        "E501",
        "카메라를 찾지 못했습니다. USB 스캐너는 그대로 쓸 수 있습니다."
        " 카메라를 연결하면 자동으로 켜집니다.",
        "No camera found. The USB scanner still works; a camera is used as soon as it is"
        " plugged in.",
    ),
    "camera.multimedia_unavailable": ErrorText(
        "E502",
        "카메라 기능(Qt Multimedia)을 불러오지 못해 카메라 스캔을 쓸 수 없습니다."
        " USB 스캐너는 그대로 쓸 수 있습니다. ({detail})",
        "Camera support (Qt Multimedia) could not be loaded, so camera scanning is off."
        " The USB scanner still works. ({detail})",
    ),
    "camera.failed": ErrorText(
        "E503",
        "카메라가 멈췄습니다: {detail}. USB 스캐너는 그대로 쓸 수 있습니다."
        " 카메라 연결을 확인해 주세요.",
        "The camera stopped: {detail}. The USB scanner still works. Check the camera cable.",
    ),
    "camera.decoder_unavailable": ErrorText(
        "E504",
        "선택한 디코더({decoder})를 쓸 수 없어 기본 디코더(zxing)로 읽습니다. ({detail})",
        "The chosen decoder ({decoder}) cannot run here; reading with the default (zxing)."
        " ({detail})",
    ),
    "camera.not_chosen_found": ErrorText(
        "E505",
        "설정한 카메라가 연결되어 있지 않아 기본 카메라({camera})를 씁니다.",
        "The chosen camera is not connected; using the default camera ({camera}).",
    ),
    # Catalog CSV import: the file as a whole
    "catalog_csv.not_text": ErrorText(
        "E601",
        "CSV 파일이 아닙니다. 엑셀에서 '다른 이름으로 저장' → 'CSV UTF-8(쉼표로 분리)'로"
        " 저장한 파일을 선택해 주세요.",
        "This is not a CSV file. In Excel use Save As → 'CSV UTF-8 (Comma delimited)'.",
    ),
    "catalog_csv.unknown_encoding": ErrorText(
        "E602",
        "파일의 글자 인코딩을 알 수 없습니다 (UTF-8, CP949만 읽을 수 있습니다)."
        " 엑셀에서 'CSV UTF-8'로 저장해 주세요.",
        "The file's text encoding is unknown (UTF-8 and CP949 are read)."
        " Save it from Excel as 'CSV UTF-8'.",
    ),
    "catalog_csv.empty": ErrorText(
        "E603",
        "파일에 내용이 없습니다.",
        "The file is empty.",
    ),
    "catalog_csv.no_header": ErrorText(
        "E604",
        "열 이름 줄을 찾지 못했습니다. 첫 줄에 상품명, 가격 같은 열 이름을 넣어 주세요.",
        "No header row found. Put column names such as name and price in the first row.",
    ),
    "catalog_csv.missing_column": ErrorText(
        "E605",
        "꼭 필요한 열이 없습니다: {column}",
        "A required column is missing: {column}",
    ),
    "catalog_csv.duplicate_column": ErrorText(
        "E606",
        "같은 열이 두 번 있습니다: {column}",
        "The same column appears twice: {column}",
    ),
    # Catalog CSV import: one row (the row is left out, the others are imported)
    "catalog_csv.name_missing": ErrorText(
        "E611",
        "상품명이 비어 있습니다.",
        "The product name is empty.",
    ),
    "catalog_csv.name_too_long": ErrorText(
        "E612",
        "상품명은 {max}자까지 쓸 수 있습니다.",
        "The product name may be at most {max} characters.",
    ),
    "catalog_csv.price_missing": ErrorText(
        "E613",
        "가격이 비어 있습니다.",
        "The price is empty.",
    ),
    "catalog_csv.bad_price": ErrorText(
        "E614",
        "가격은 원 단위 정수로 적어 주세요 (예: 1500, 1,500, 1500원): {value}",
        "Write the price in whole won (e.g. 1500, 1,500, 1500원): {value}",
    ),
    "catalog_csv.price_too_high": ErrorText(
        "E615",
        "가격이 너무 큽니다 (최대 {max}).",
        "The price is too high (at most {max}).",
    ),
    "catalog_csv.bad_code": ErrorText(
        "E616",
        "바코드나 상품코드로 쓸 수 없는 값입니다: {code}",
        "Not a usable barcode or store code: {code}",
    ),
    "catalog_csv.code_check_digit": ErrorText(
        "E617",
        "바코드 검증 숫자가 맞지 않습니다: {code}",
        "The barcode's check digit is wrong: {code}",
    ),
    "catalog_csv.code_scientific": ErrorText(
        "E618",
        "엑셀이 바코드를 지수 형식({value})으로 바꿔 저장했습니다. 바코드 열의 셀 서식을"
        " '텍스트'로 바꾸고 바코드를 다시 입력해 주세요.",
        "Excel saved the barcode in scientific notation ({value}). Format the barcode"
        " column as Text and enter the barcodes again.",
    ),
    "catalog_csv.duplicate_code": ErrorText(
        "E619",
        "바코드 {code}가 {line}행에도 있습니다.",
        "Barcode {code} is also on row {line}.",
    ),
    "catalog_csv.duplicate_product_id": ErrorText(
        "E620",
        "상품ID {product_id}가 {line}행에도 있습니다.",
        "Product ID {product_id} is also on row {line}.",
    ),
    "catalog_csv.bad_flag": ErrorText(
        "E621",
        "Y 또는 N(예/아니오)으로 적어 주세요: {value}",
        "Write Y or N (yes/no): {value}",
    ),
    "catalog_csv.too_many_cells": ErrorText(
        "E622",
        "열 이름이 없는 칸에 값이 있습니다. 상품명에 쉼표가 있다면 따옴표로 감싸 주세요.",
        "A cell beyond the named columns has a value. Quote a name that contains a comma.",
    ),
    "catalog_csv.bad_characters": ErrorText(
        "E623",
        "읽을 수 없는 글자가 있습니다. 파일을 'CSV UTF-8'로 다시 저장해 주세요.",
        "There are unreadable characters. Save the file again as 'CSV UTF-8'.",
    ),
    "catalog_csv.malformed_row": ErrorText(
        "E624",
        "이 행을 CSV로 읽을 수 없습니다 (따옴표가 닫히지 않았거나 칸이 너무 깁니다).",
        "This row cannot be read as CSV (an unclosed quote or an overlong cell).",
    ),
    "catalog_csv.category_too_long": ErrorText(
        "E625",
        "분류는 {max}자까지 쓸 수 있습니다.",
        "The category may be at most {max} characters.",
    ),
    "catalog_csv.bad_product_id": ErrorText(
        "E626",
        "상품ID에는 띄어쓰기 없이 {max}자까지 쓸 수 있습니다: {value}",
        "A product ID has no spaces and at most {max} characters: {value}",
    ),
    # Catalogue editing at the counter
    "product.name_required": ErrorText(
        "E681",
        "상품명을 입력해 주세요 (100자 이내).",
        "Enter a product name (up to 100 characters).",
    ),
    "product.bad_price": ErrorText(
        "E682",
        "가격은 0원부터 {max}까지의 정수로 입력해 주세요.",
        "Enter the price as whole won, from 0 to {max}.",
    ),
    "product.bad_code": ErrorText(
        "E683",
        "바코드 {code}을(를) 읽을 수 없습니다. 13·8·12자리 바코드(검증 숫자 포함)나"
        " 영문·숫자 매장 코드를 쓰세요.",
        "Code {code} is not valid: use a 13-, 8- or 12-digit barcode (with its check digit)"
        " or a store code of letters and digits.",
    ),
    "product.code_taken": ErrorText(
        "E684",
        "바코드 {code}은(는) 이미 '{other}' 상품에 쓰이고 있습니다.",
        "Code {code} already belongs to '{other}'.",
    ),
    "product.unknown": ErrorText(
        "E685",
        "상품을 찾을 수 없습니다 ({product_id}).",
        "No such product ({product_id}).",
    ),
    # Stock, online listings and orders (issue 5)
    "stock.bad_quantity": ErrorText(
        "E701",
        "입고 수량은 1 이상 {max} 이하의 정수로 입력해 주세요.",
        "Enter the quantity received as a whole number from 1 to {max}.",
    ),
    "stock.bad_delta": ErrorText(
        "E702",
        "조정 수량은 0이 아닌 정수로, {max} 이내로 입력해 주세요.",
        "Enter the adjustment as a non-zero whole number within {max}.",
    ),
    "stock.bad_adjust_reason": ErrorText(
        "E703",
        "재고 조정 사유(실사, 파손, 유통기한, 분실, 기타)를 골라 주세요.",
        "Choose why stock is adjusted (count, damaged, expired, lost, other).",
    ),
    "stock.note_required": ErrorText(
        "E704",
        "'기타' 사유로 조정할 때는 메모를 적어 주세요.",
        "An adjustment for 'other' needs a note.",
    ),
    "listing.unknown": ErrorText(
        "E711",
        "온라인 판매 등록을 찾을 수 없습니다 ({listing_id}).",
        "No such online listing ({listing_id}).",
    ),
    "listing.bad_title": ErrorText(
        "E712",
        "판매 제목은 1~{max}자로 입력해 주세요.",
        "Enter a listing title of 1 to {max} characters.",
    ),
    "listing.bad_description": ErrorText(
        "E713",
        "상품 설명은 {max}자까지 쓸 수 있습니다.",
        "The description may be at most {max} characters.",
    ),
    "listing.bad_price": ErrorText(
        "E714",
        "판매 가격은 1원부터 {max}까지의 정수로 입력해 주세요.",
        "Enter the price as whole won, from 1 to {max}.",
    ),
    "listing.bad_stock": ErrorText(
        "E715",
        "온라인 판매 수량은 0부터 {max}까지 입력해 주세요.",
        "Enter the quantity offered online, from 0 to {max}.",
    ),
    "listing.too_many_photos": ErrorText(
        "E716",
        "사진은 {max}장까지 올릴 수 있습니다.",
        "A listing may have at most {max} photos.",
    ),
    "listing.photo_required": ErrorText(
        "E717",
        "검토를 요청하려면 사진이 한 장 이상 필요합니다.",
        "Add at least one photo before submitting for review.",
    ),
    "listing.delivery_required": ErrorText(
        "E718",
        "배송 방법(택배, 매장 픽업, 당일 배송)을 하나 이상 골라 주세요.",
        "Choose at least one delivery option (parcel, pickup, same-day).",
    ),
    "listing.bad_delivery": ErrorText(
        "E719",
        "배송비는 0원부터 100,000원까지이며, 당일 배송은 온시장에서만 할 수 있습니다.",
        "Delivery fees are 0 to 100,000 won, and same-day delivery is for 온시장 only.",
    ),
    "listing.invalid": ErrorText(
        "E720",
        "온라인 판매 등록 내용이 올바르지 않습니다. ({detail})",
        "The listing is not valid. ({detail})",
    ),
    "listing.photo_missing": ErrorText(
        "E721",
        "사진 파일이 이 PC에 없습니다. 사진을 다시 추가해 주세요.",
        "A photo is not on this PC. Add the photo again.",
    ),
    "listing.in_review": ErrorText(
        "E722",
        "검토 중이거나 판매 중인 등록은 임시 저장할 수 없습니다."
        " 고친 내용으로 다시 제출하거나 판매를 중지해 주세요.",
        "A listing under review or on sale cannot go back to draft."
        " Submit the changes or withdraw it.",
    ),
    "listing.not_listed": ErrorText(
        "E723",
        "검토 중이거나 판매 중인 등록만 판매를 중지할 수 있습니다.",
        "Only a listing under review or on sale can be withdrawn.",
    ),
    "photo.unreadable": ErrorText(
        "E731",
        "사진 파일을 읽을 수 없습니다. JPEG나 PNG 사진을 골라 주세요.",
        "The photo cannot be read. Choose a JPEG or PNG picture.",
    ),
    "photo.too_large": ErrorText(
        "E732",
        "사진을 줄여도 {max}보다 큽니다. 다른 사진을 골라 주세요.",
        "The photo is over {max} even when reduced. Choose another picture.",
    ),
    "sync.media_refused": ErrorText(
        "E733",
        "서버가 사진을 받지 않았습니다 ({reason}). 사진을 다시 추가한 뒤 다시 제출해 주세요.",
        "The server refused a photo ({reason}). Add the photo again, then submit again.",
    ),
    "order.unknown": ErrorText(
        "E741",
        "주문을 찾을 수 없습니다 ({order_id}).",
        "No such order ({order_id}).",
    ),
    "order.cancelled": ErrorText(
        "E742",
        "고객이 취소한 주문입니다. 상품을 보내지 마세요.",
        "The customer cancelled this order. Do not send the goods.",
    ),
    "order.transition_invalid": ErrorText(
        "E743",
        "이 주문은 지금 상태에서 그렇게 처리할 수 없습니다. 주문 상태를 다시 확인해 주세요.",
        "This order cannot be moved that way from its current state. Check its status.",
    ),
    "order.reason_required": ErrorText(
        "E744",
        "거절 사유를 적어 주세요. 고객에게 그대로 전달됩니다.",
        "Enter a reason for the rejection; the customer sees it.",
    ),
    "order.tracking_required": ErrorText(
        "E745",
        "택배 송장 번호를 입력해 주세요.",
        "Enter the parcel tracking number.",
    ),
    # Staff, PINs and manager approval (issue 6)
    "staff.bad_pin": ErrorText(
        "E801",
        "PIN이 맞지 않습니다. {left}번 더 틀리면 잠깁니다.",
        "Wrong PIN. {left} more wrong tries lock it.",
    ),
    "staff.locked": ErrorText(
        "E802",
        "PIN을 여러 번 틀려 잠겼습니다."
        " {remaining} 뒤에 다시 시도하거나 다른 직원이 로그인해 주세요.",
        "Locked after too many wrong PINs. Try again in {remaining}, or let someone else sign in.",
    ),
    "staff.not_allowed": ErrorText(
        "E803",
        "{name} 님({role})은 이 작업을 할 수 없습니다. 관리자 승인이 필요합니다.",
        "{name} ({role}) may not do this. A manager must approve it.",
    ),
    "staff.approver_not_allowed": ErrorText(
        "E804",
        "{name} 님({role})의 PIN으로는 승인할 수 없습니다. 매니저나 사장님의 PIN을 입력해 주세요.",
        "{name} ({role}) cannot approve this. Enter a manager's or the owner's PIN.",
    ),
    "staff.bad_new_pin": ErrorText(
        "E805",
        "PIN은 숫자 4자리 이상이어야 합니다.",
        "A PIN is at least 4 digits.",
    ),
    "staff.pin_taken": ErrorText(
        "E806",
        "다른 직원이 쓰는 PIN입니다. 다른 PIN을 정해 주세요.",
        "Someone else uses this PIN. Choose another.",
    ),
    "staff.last_owner": ErrorText(
        "E807",
        "사장 권한을 가진 직원이 한 명은 있어야 합니다.",
        "At least one active owner must remain.",
    ),
    "staff.bad_name": ErrorText(
        "E808",
        "직원 이름을 입력해 주세요. (40자 이하)",
        "Enter the staff member's name (at most 40 characters).",
    ),
    "staff.not_signed_in": ErrorText(
        "E809",
        "먼저 PIN으로 로그인해 주세요.",
        "Sign in with a PIN first.",
    ),
    "staff.unknown": ErrorText(
        "E810",
        "등록되지 않았거나 비활성화된 직원입니다.",
        "No such active staff member.",
    ),
    "staff.no_staff": ErrorText(
        "E811",
        "등록된 직원이 없습니다. 사장님 PIN을 먼저 설정해 주세요.",
        "No staff yet. Set the owner's PIN first.",
    ),
    # Tenders and refunds (issue 6)
    "tender.short_cash": ErrorText(
        "E821",
        "받은 금액({tendered})이 결제금액({total})보다 적습니다.",
        "The cash handed over ({tendered}) is less than the total ({total}).",
    ),
    "tender.bad_amount": ErrorText(
        "E822",
        "금액을 원 단위 숫자로 입력해 주세요.",
        "Enter the amount as a whole number of won.",
    ),
    "tender.not_confirmed": ErrorText(
        "E823",
        "카드 단말기 승인을 확인해 주세요.",
        "Confirm that the card terminal approved the payment.",
    ),
    "refund.payment_unknown": ErrorText(
        "E831",
        "해당 결제를 찾을 수 없습니다. 영수증 번호나 승인번호를 확인해 주세요.",
        "No such payment. Check the receipt or approval number.",
    ),
    "refund.voided": ErrorText(
        "E832",
        "이미 취소된 결제입니다.",
        "This payment was already voided.",
    ),
    "refund.declined": ErrorText(
        "E833",
        "서버가 거절한 결제라 환불할 금액이 없습니다.",
        "The server declined this payment: there is nothing to refund.",
    ),
    "refund.nothing_left": ErrorText(
        "E834",
        "이 결제는 이미 전액 환불되었습니다.",
        "This payment has been refunded in full already.",
    ),
    "refund.over_quantity": ErrorText(
        "E835",
        "환불 수량이 남은 수량보다 많습니다.",
        "More items than are left to refund.",
    ),
    "refund.over_refund": ErrorText(
        "E836",
        "환불 금액({amount})이 환불 가능 금액({left})을 넘습니다.",
        "The refund ({amount}) is more than is left to refund ({left}).",
    ),
    "refund.nothing_chosen": ErrorText(
        "E837",
        "환불할 상품이나 금액을 골라 주세요.",
        "Choose the items or the amount to refund.",
    ),
    "refund.not_approved": ErrorText(
        "E838",
        "관리자 승인이 없어 환불하지 않았습니다.",
        "Not refunded: a manager did not approve.",
    ),
    "refund.reason_required": ErrorText(
        "E839",
        "환불 사유를 골라 주세요. (기타는 내용을 적어 주세요.)",
        "Choose a refund reason (describe it for 기타).",
    ),
    "refund.void_after_refund": ErrorText(
        "E840",
        "부분 환불된 결제는 결제취소 대신 남은 금액을 환불해 주세요.",
        "This payment was partly refunded: refund the rest instead of voiding it.",
    ),
    "refund.bad_search": ErrorText(
        "E841",
        "검색 조건을 확인해 주세요. (날짜 YYYY-MM-DD, 금액은 원 단위 숫자)",
        "Check the search (dates YYYY-MM-DD, amounts in whole won).",
    ),
    # Business day and day close (issue 6)
    "day.already_open": ErrorText(
        "E851",
        "영업일이 이미 열려 있습니다. 마감한 뒤에 새 영업일을 시작해 주세요.",
        "A business day is already open. Close it before opening a new one.",
    ),
    "day.not_open": ErrorText(
        "E852",
        "열린 영업일이 없습니다. 먼저 시재금을 입력해 영업을 시작해 주세요.",
        "No business day is open. Open the day with a cash float first.",
    ),
    "day.bad_amount": ErrorText(
        "E853",
        "금액을 원 단위 숫자로 입력해 주세요. (최대 {max}원)",
        "Enter the amount as a whole number of won (at most {max} won).",
    ),
    "day.reason_required": ErrorText(
        "E854",
        "입출금 사유를 적어 주세요.",
        "Enter a reason for the cash in or out.",
    ),
    "day.bad_count": ErrorText(
        "E855",
        "권종별 수량을 0 이상의 숫자로 입력해 주세요.",
        "Enter each denomination's count as a number of 0 or more.",
    ),
    "day.not_counted": ErrorText(
        "E856",
        "마감하려면 서랍의 현금을 세어 입력해 주세요.",
        "Count the cash in the drawer and enter it to close the day.",
    ),
    "sales.bad_range": ErrorText(
        "E861",
        "조회 기간을 확인해 주세요. 시작일이 종료일보다 늦거나 {max_days}일을 넘습니다.",
        "Check the dates: the start is after the end or the range exceeds {max_days} days.",
    ),
    "sales.export_failed": ErrorText(
        "E862",
        "CSV 파일을 저장하지 못했습니다. 다른 위치를 골라 다시 시도해 주세요. ({detail})",
        "The CSV file could not be saved. Choose another place and try again. ({detail})",
    ),
    # Receipts and printing (issue 6)
    "print.not_configured": ErrorText(
        "E871",
        "영수증 프린터가 설정되지 않았습니다. 설정에서 프린터를 고른 뒤 다시 시도해 주세요.",
        "No receipt printer is set up. Choose one in the settings, then try again.",
    ),
    "print.device_failed": ErrorText(
        "E872",
        "영수증을 인쇄하지 못했습니다. 프린터 전원·용지·연결을 확인한 뒤 다시 시도해 주세요."
        " ({detail})",
        "The receipt did not print. Check the printer's power, paper and cable, then retry."
        " ({detail})",
    ),
    "print.uncertain": ErrorText(
        "E873",
        "이전 인쇄가 끝났는지 알 수 없습니다. 영수증이 나왔는지 확인하고,"
        " 필요하면 재발행해 주세요.",
        "It is unknown whether the last print finished. Check for the receipt;"
        " reprint it if needed.",
    ),
    "print.unknown_payment": ErrorText(
        "E874",
        "이 결제를 찾을 수 없어 영수증을 인쇄할 수 없습니다.",
        "This payment cannot be found, so its receipt cannot be printed.",
    ),
    "print.bad_settings": ErrorText(
        "E875",
        "프린터 설정이 올바르지 않습니다: {detail}",
        "The printer settings are not valid: {detail}",
    ),
    "print.no_driver": ErrorText(
        "E876",
        "이 연결 방식에 필요한 드라이버가 설치되어 있지 않습니다. ({detail})",
        "The driver this connection needs is not installed. ({detail})",
    ),
    "print.file_failed": ErrorText(
        "E877",
        "PDF 파일을 저장하지 못했습니다. 다른 위치를 골라 주세요. ({detail})",
        "The PDF could not be saved. Choose another place. ({detail})",
    ),
    "print.unknown_document": ErrorText(
        "E878",
        "인쇄할 환불 또는 마감 기록을 찾을 수 없습니다.",
        "The refund or day close to print cannot be found.",
    ),
    # Merchant-presented QR, EMVCo MPM (issue 7)
    "mpm.merchant_qr_scanned": ErrorText(
        "E310",
        "가맹점 QR입니다. 고객의 결제 코드를 스캔해 주세요.",
        "This is a merchant QR. Scan the customer's payment code instead.",
    ),
    "mpm.invalid": ErrorText(
        "E311",
        "QR 내용이 올바르지 않습니다({field} 항목, {reason}). 다시 스캔하거나 새 QR을 받아 주세요.",
        "The QR is not valid (field {field}, {reason}). Scan again or ask for a new QR.",
    ),
    "mpm.not_cheongju_pay": ErrorText(
        "E312",
        "청주페이 가맹점 QR이 아닙니다. ({scheme})",
        "This is not a Cheongju Pay merchant QR. ({scheme})",
    ),
    "mpm.merchant_name_not_ascii": ErrorText(
        "E313",
        "QR에 들어갈 영문 상호는 영문·숫자·기호 {limit}자 이내여야 합니다."
        " 설정에서 영문 상호를 확인해 주세요.",
        "The merchant name in the QR must be at most {limit} Latin letters, digits or signs."
        " Check the English shop name in the settings.",
    ),
    # Merchant-presented payments: the customer scans the merchant QR (issue 7, E320-E329)
    "mpm_pay.not_enrolled": ErrorText(
        "E320",
        "이 POS가 청주페이 서버에 등록되지 않아 가맹점 QR 결제를 할 수 없습니다.",
        "This POS is not enrolled with the Cheongju Pay server: merchant QR payment is off.",
    ),
    "mpm_pay.offline": ErrorText(
        "E321",
        "서버에 연결할 수 없어 가맹점 QR 결제를 시작할 수 없습니다."
        " 고객의 결제 코드를 스캔해 주세요.",
        "The server cannot be reached, so a merchant QR payment cannot start."
        " Scan the customer's payment code instead.",
    ),
    "mpm_pay.amount_out_of_range": ErrorText(
        "E322",
        "가맹점 QR 결제는 1원부터 10,000,000원까지 가능합니다.",
        "A merchant QR payment must be 1 to 10,000,000 won.",
    ),
    "mpm_pay.unknown_request": ErrorText(
        "E323",
        "서버에 이 결제 요청이 없습니다. 결제를 다시 시작해 주세요.",
        "The server has no such payment request. Start the payment again.",
    ),
    "mpm_pay.refused": ErrorText(
        "E324",
        "서버가 결제 요청을 받지 않았습니다. ({reason})",
        "The server refused the payment request. ({reason})",
    ),
    # Customer display and paying by merchant QR at the counter (issue 7, E330-E339)
    "display.qr_expired": ErrorText(
        "E330",
        "가맹점 QR 결제 시간이 지났습니다. 고객은 결제하지 않았고 장바구니는 그대로입니다."
        " 다시 시작하거나 다른 방법으로 받아 주세요.",
        "The merchant QR payment timed out. The customer did not pay; the cart is kept."
        " Start again or take another tender.",
    ),
    "display.qr_cancelled": ErrorText(
        "E331",
        "서버에서 이 가맹점 QR 결제 요청이 취소되었습니다. 장바구니는 그대로입니다.",
        "The server cancelled this merchant QR payment request. The cart is kept.",
    ),
    "display.screen_missing": ErrorText(
        "E332",
        "고객용 화면으로 정한 모니터({screen})가 연결되어 있지 않아 다른 화면에 엽니다."
        " 설정(F12)에서 다시 고를 수 있습니다.",
        "The monitor chosen for the customer display ({screen}) is not connected:"
        " it opens on another screen. Choose again in Settings (F12).",
    ),
    "display.no_merchant_qr": ErrorText(
        "E333",
        "고객 화면에 가맹점 QR이 없습니다. POS에서 F5 → 가맹점 QR을 먼저 시작해 주세요.",
        "The customer display shows no merchant QR. Start one at the POS first (F5, merchant QR).",
    ),
    "display.qr_unreadable": ErrorText(
        "E334",
        "고객 화면의 QR을 읽지 못했습니다. 다시 시도해 주세요.",
        "The QR on the customer display could not be read. Try again.",
    ),
    "display.phone_refused": ErrorText(
        "E335",
        "결제하지 못했습니다: {reason}",
        "The payment did not go through: {reason}",
    ),
    # Storage
    "store.disk_full": ErrorText(
        "E901",
        "디스크 공간이 부족해 저장하지 못했습니다. 기록은 바뀌지 않았습니다."
        " 공간을 비운 뒤 다시 시도해 주세요.",
        "The disk is full; nothing was saved or lost. Free some space and try again.",
    ),
    "store.unavailable": ErrorText(
        "E902",
        "데이터 파일을 열거나 쓸 수 없습니다. 기록은 바뀌지 않았습니다. ({detail})",
        "The data file cannot be opened or written; nothing was changed. ({detail})",
    ),
    "store.corrupt": ErrorText(
        "E903",
        "데이터 파일이 손상되었습니다. 프로그램을 닫고 관리자에게 연락해 주세요. ({detail})",
        "The data file is damaged. Close the program and call support. ({detail})",
    ),
    "store.too_new": ErrorText(
        "E904",
        "이 데이터 파일은 더 새로운 버전의 프로그램이 만든 것입니다. 프로그램을 업데이트해 주세요.",
        "This data file was written by a newer version of the program. Update it.",
    ),
    # Backups and the data file's health (issue 8)
    "backup.damaged_use_backup": ErrorText(
        "E905",
        "데이터 파일이 손상되어 프로그램을 시작할 수 없습니다 ({detail})."
        " 가장 최근의 정상 백업은 {backup} ({made_at})입니다."
        " 이 백업으로 복원할 수 있으며, 손상된 파일은 지우지 않고 따로 보관합니다.",
        "The data file is damaged and the program cannot start ({detail})."
        " The newest good backup is {backup} ({made_at}). You can restore it;"
        " the damaged file is kept aside, not deleted.",
    ),
    "backup.damaged_no_backup": ErrorText(
        "E905",
        "데이터 파일이 손상되어 프로그램을 시작할 수 없습니다 ({detail})."
        " 쓸 수 있는 백업이 없습니다. 파일을 지우지 말고 고객센터에 연락해 주세요.",
        "The data file is damaged and the program cannot start ({detail})."
        " There is no usable backup. Do not delete the file; call support.",
    ),
    "backup.failed": ErrorText(
        "E906",
        "백업을 만들지 못했습니다. 판매 기록은 그대로 안전합니다. ({detail})",
        "The backup could not be made. Your sales records are safe. ({detail})",
    ),
    "backup.restore_failed": ErrorText(
        "E907",
        "백업에서 복원하지 못했습니다. 지금 파일은 바뀌지 않았습니다. ({detail})",
        "The backup could not be restored. The current file was not changed. ({detail})",
    ),
    "unexpected": ErrorText(
        "E999",
        "예상하지 못한 오류가 발생했습니다. 기록은 안전합니다."
        " 문제가 계속되면 관리자에게 연락해 주세요.",
        "An unexpected error occurred. Your records are safe. Call support if it persists.",
    ),
}


class UserFacingError(Exception):
    """An error with a code and a message fit for the counter.

    ``params`` fill the message templates; money params should already be
    formatted with :func:`pos_app.domain.money.format_won`.
    """

    def __init__(self, key: str, **params: object) -> None:
        if key not in CATALOG:
            raise KeyError(f"no error text for {key!r}")
        self.key = key
        self.params = params
        super().__init__(f"{self.code} {key} {params}" if params else f"{self.code} {key}")

    @property
    def code(self) -> str:
        return CATALOG[self.key].code

    def message(self, language: str = "ko") -> str:
        text = CATALOG[self.key]
        template = text.en if language == "en" else text.ko
        return template.format(**self.params)

    def display(self, language: str = "ko") -> str:
        """The line a cashier sees: ``[E105] 유효시간이 지난 결제 코드입니다. …``"""
        return f"[{self.code}] {self.message(language)}"
