<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>CameraPane</name>
    <message>
        <source>USB scanner ready.</source>
        <translation>USB 스캐너는 사용할 수 있습니다.</translation>
    </message>
    <message>
        <source>Starting the camera...</source>
        <translation>카메라를 켜는 중...</translation>
    </message>
    <message>
        <source>Hold the QR code or barcode inside the box</source>
        <translation>QR 코드나 바코드를 네모 안에 비춰 주세요</translation>
    </message>
    <message>
        <source>Camera off (F12 settings).</source>
        <translation>카메라 꺼짐 (F12 설정).</translation>
    </message>
    <message>
        <source>No camera connected.</source>
        <translation>연결된 카메라가 없습니다.</translation>
    </message>
    <message>
        <source>The camera stopped.</source>
        <translation>카메라가 멈췄습니다.</translation>
    </message>
    <message>
        <source>Camera support is not available.</source>
        <translation>카메라 기능을 쓸 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>CameraSettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Off (USB scanner only)</source>
        <translation>끄기 (USB 스캐너만 사용)</translation>
    </message>
    <message>
        <source>Default camera</source>
        <translation>기본 카메라</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (기본)</translation>
    </message>
    <message>
        <source>Saved camera (not connected)</source>
        <translation>저장된 카메라 (연결 안 됨)</translation>
    </message>
    <message>
        <source> (recommended)</source>
        <translation> (권장)</translation>
    </message>
    <message>
        <source> - not available</source>
        <translation> - 사용 불가</translation>
    </message>
    <message>
        <source>Show the camera picture at the counter (F6)</source>
        <translation>계산대 화면에 카메라 영상 보이기 (F6)</translation>
    </message>
    <message>
        <source>Taxable</source>
        <translation>과세</translation>
    </message>
    <message>
        <source>Tax-exempt</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Mandatory cash-receipt trade: issue one for cash sales of 100,000 won or more</source>
        <translation>현금영수증 의무발행업종: 100,000원 이상 현금 판매는 반드시 발급</translation>
    </message>
    <message>
        <source>Price changes need a manager&apos;s PIN</source>
        <translation>가격 변경은 매니저 PIN 필요</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>디코더</translation>
    </message>
    <message>
        <source>Typed amounts (F2) are</source>
        <translation>금액 입력(F2) 기본 과세구분</translation>
    </message>
    <message>
        <source>Cash receipts</source>
        <translation>현금영수증</translation>
    </message>
    <message>
        <source>Manual discounts</source>
        <translation>수동 할인</translation>
    </message>
    <message>
        <source>Manager&apos;s PIN above</source>
        <translation>매니저 PIN이 필요한 할인율</translation>
    </message>
    <message>
        <source>Label scale...</source>
        <translation>라벨 저울...</translation>
    </message>
    <message>
        <source>Scale barcodes</source>
        <translation>저울 바코드</translation>
    </message>
    <message>
        <source>No camera is connected now.</source>
        <translation>지금 연결된 카메라가 없습니다.</translation>
    </message>
    <message>
        <source>Receipt printer...</source>
        <translation>영수증 프린터...</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>프린터</translation>
    </message>
    <message>
        <source>Customer display...</source>
        <translation>고객 화면...</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>고객 화면</translation>
    </message>
</context>
<context>
    <name>CartTableModel</name>
    <message>
        <source>Item</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>단가</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source> [no special discount]</source>
        <translation> [특별할인 제외]</translation>
    </message>
    <message>
        <source> [tax-exempt]</source>
        <translation> [면세]</translation>
    </message>
    <message>
        <source> [was %1]</source>
        <translation> [정상가 %1]</translation>
    </message>
    <message>
        <source> [discount %1]</source>
        <translation> [할인 %1]</translation>
    </message>
</context>
<context>
    <name>CatalogExport</name>
    <message>
        <source>Export products</source>
        <translation>상품 내보내기</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>엑셀 통합 문서 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <source>Search by name, category or barcode (Korean too: 사과)</source>
        <extracomment>product ids -&gt; (level, state text, alarming?): supplied by the stock service when present The screen&apos;s Ctrl shortcuts, kept from the search field (see ``eventFilter``).</extracomment>
        <translation>상품명, 분류, 바코드로 찾기 (예: 사과)</translation>
    </message>
    <message>
        <source>Show products not on sale</source>
        <translation>판매 중지 상품도 보기</translation>
    </message>
    <message>
        <source>Stock warnings only</source>
        <translation>재고 경고만 보기</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>새 상품</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <source>On sale / not on sale</source>
        <translation>판매 / 판매 중지</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>자주 찾는 상품</translation>
    </message>
    <message>
        <source>Import (Excel, CSV)</source>
        <translation>가져오기 (엑셀·CSV)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Receive goods</source>
        <translation>입고</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>재고 실사</translation>
    </message>
    <message>
        <source>Adjust stock</source>
        <translation>재고 조정</translation>
    </message>
    <message>
        <source>Products saved to %1</source>
        <translation>상품 목록을 저장했습니다: %1</translation>
    </message>
    <message>
        <source>%1 on sale · %2 not on sale</source>
        <translation>판매 중 %1 · 판매 중지 %2</translation>
    </message>
    <message>
        <source>Oversold: %1 (%2) - sold more than was in stock, check the shelf</source>
        <translation>초과 판매 %1건 (%2) - 재고보다 많이 팔렸습니다. 진열대를 확인하세요</translation>
    </message>
    <message>
        <source>Low stock: %1</source>
        <translation>재고 부족 %1건</translation>
    </message>
    <message>
        <source>%1: %2 in stock</source>
        <translation>%1: 재고 %2</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>추가: %1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>저장: %1</translation>
    </message>
    <message>
        <source>On sale again: %1</source>
        <translation>다시 판매: %1</translation>
    </message>
    <message>
        <source>Not on sale: %1</source>
        <translation>판매 중지: %1</translation>
    </message>
    <message>
        <source>Removed from favourites: %1</source>
        <translation>자주 찾는 상품에서 뺌: %1</translation>
    </message>
    <message>
        <source>Added to favourites (one tap at the counter): %1</source>
        <translation>자주 찾는 상품에 추가 (계산 화면에서 한 번에 담기): %1</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>찾음: %1</translation>
    </message>
</context>
<context>
    <name>CheckoutScreen</name>
    <message>
        <source>Type an amount in won, then Enter (F2)</source>
        <extracomment>Refusals by the offline rules: no longer true once the sync is online again.</extracomment>
        <translation>금액(원) 입력 후 Enter (F2)</translation>
    </message>
    <message>
        <source>Discount Ctrl+D</source>
        <translation>할인 Ctrl+D</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>자주 찾는 상품</translation>
    </message>
    <message>
        <source>Find (F3)</source>
        <translation>상품 찾기 (F3)</translation>
    </message>
    <message>
        <source>The business day was closed at %1. The next sale opens a new day (it asks for the float).</source>
        <translation>영업일을 %1에 마감했습니다. 다음 판매 때 새 영업일을 시작합니다 (시재금을 묻습니다).</translation>
    </message>
    <message>
        <source>No business day is open. The first sale opens one (it asks for the float).</source>
        <translation>열린 영업일이 없습니다. 첫 판매 때 영업일을 시작합니다 (시재금을 묻습니다).</translation>
    </message>
    <message>
        <source>Added: %1  %2</source>
        <translation>추가: %1  %2</translation>
    </message>
    <message>
        <source>Taxable</source>
        <translation>과세</translation>
    </message>
    <message>
        <source>Tax-exempt</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>F2 again in the amount field switches it</source>
        <translation>금액 칸에서 F2를 한 번 더 누르면 바뀝니다</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>추가</translation>
    </message>
    <message>
        <source>Ctrl+D: price or discount on the selected line; Ctrl+K: on the whole sale</source>
        <translation>Ctrl+D: 고른 상품의 가격 변경·할인, Ctrl+K: 전체 할인</translation>
    </message>
    <message>
        <source>Asking the server for approval...</source>
        <translation>서버에 승인 요청 중...</translation>
    </message>
    <message>
        <source>Payment recorded: %1 (receipt %2). Approval pending until synced.</source>
        <translation>결제 완료: %1 (영수증 %2). 서버 전송 전까지 승인 대기입니다.</translation>
    </message>
    <message>
        <source>No answer yet: accepted offline (receipt %1), approval follows.</source>
        <translation>서버 응답이 늦어 오프라인으로 결제를 받았습니다 (영수증 %1). 승인은 곧 이어집니다.</translation>
    </message>
    <message>
        <source>Approved: %1 (approval no. %2)</source>
        <translation>승인 완료: %1 (승인번호 %2)</translation>
    </message>
    <message>
        <source>Reopen declined %1 (Ctrl+Shift+R)</source>
        <translation>거절된 결제 %1 다시 열기 (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Open amount</source>
        <translation>금액 입력 상품</translation>
    </message>
    <message>
        <source>Clear sale</source>
        <translation>전체 취소</translation>
    </message>
    <message>
        <source>Clear all %1 lines of this sale?</source>
        <translation>이 거래의 상품 %1줄을 모두 지울까요?</translation>
    </message>
    <message>
        <source>Clear (Enter)</source>
        <translation>지우기 (Enter)</translation>
    </message>
    <message>
        <source>Keep (Esc)</source>
        <translation>그대로 두기 (Esc)</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Discount applied.</source>
        <translation>할인을 적용했습니다.</translation>
    </message>
    <message>
        <source>Cart cleared.</source>
        <translation>거래를 모두 지웠습니다.</translation>
    </message>
</context>
<context>
    <name>ColumnMappingPanel</name>
    <message>
        <source>Product &amp;name</source>
        <translation>상품명(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Barcodes</source>
        <translation>바코드(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Price</source>
        <translation>가격(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>분류(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;xcluded from the special discount</source>
        <translation>특별할인 제외(&amp;X)</translation>
    </message>
    <message>
        <source>On &amp;sale</source>
        <translation>판매중(&amp;S)</translation>
    </message>
    <message>
        <source>Product &amp;ID (to update)</source>
        <translation>상품ID - 수정할 상품(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Tax (taxable / exempt)</source>
        <translation>과세구분 - 과세/면세(&amp;T)</translation>
    </message>
    <message>
        <source>Stoc&amp;k (counted; an empty cell keeps it)</source>
        <translation>재고 - 실사 수량, 빈 칸은 그대로(&amp;K)</translation>
    </message>
    <message>
        <source>S&amp;heet</source>
        <translation>시트(&amp;H)</translation>
    </message>
    <message>
        <source>Show the &amp;preview</source>
        <translation>미리 보기(&amp;V)</translation>
    </message>
    <message>
        <source>(not in this file)</source>
        <translation>(이 파일에 없음)</translation>
    </message>
    <message>
        <source>The columns chosen last time for this list are filled in. Check them, then show the preview.</source>
        <translation>지난번에 이 목록에 고른 열을 채워 두었습니다. 확인한 뒤 미리 보기를 눌러 주세요.</translation>
    </message>
    <message>
        <source>Check which column holds each field (* must be chosen), then show the preview.</source>
        <translation>항목마다 어느 열에 있는지 확인해 주세요(* 표시는 꼭 골라야 합니다). 그다음 미리 보기를 눌러 주세요.</translation>
    </message>
</context>
<context>
    <name>CsvImportDialog</name>
    <message>
        <source>Import products (Excel or CSV)</source>
        <translation>상품 가져오기 (엑셀 또는 CSV)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>바코드</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>가격</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Tax category</source>
        <translation>과세구분</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>재고</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>열</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Rows to import</source>
        <translation>가져올 행</translation>
    </message>
    <message>
        <source>Rows with problems</source>
        <translation>문제가 있는 행</translation>
    </message>
    <message>
        <source>Choose a file...</source>
        <translation>파일 선택...</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Product lists (*.xlsx *.csv *.txt)</source>
        <translation>상품 목록 (*.xlsx *.csv *.txt)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>엑셀 통합 문서 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt)</source>
        <translation>CSV 파일 (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translation>%1 읽는 중...</translation>
    </message>
    <message>
        <source>%1: the column names are on row %2.</source>
        <translation>%1: 열 이름은 %2행에 있습니다.</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 읽는 중</translation>
    </message>
    <message>
        <source>Reading cancelled; nothing imported.</source>
        <translation>읽기를 취소했습니다. 아무것도 가져오지 않았습니다.</translation>
    </message>
    <message>
        <source>Rows with problems (%1)</source>
        <translation>문제가 있는 행 (%1)</translation>
    </message>
    <message>
        <source>%1: %2 rows read, %3 can be imported, %4 have problems and will be left out.</source>
        <translation>%1: %2행을 읽었습니다. %3행을 가져올 수 있고, 문제가 있는 %4행은 빼고 가져옵니다.</translation>
    </message>
    <message>
        <source>Import %1 rows</source>
        <translation>%1행 가져오기</translation>
    </message>
    <message>
        <source>Tax-exempt</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Taxable</source>
        <translation>과세</translation>
    </message>
    <message>
        <source>Product list import: %1</source>
        <translation>상품 목록 가져오기: %1</translation>
    </message>
    <message>
        <source>Importing products...</source>
        <translation>상품을 가져오는 중...</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated.</source>
        <translation>가져왔습니다: 새 상품 %1개, 수정 %2개.</translation>
    </message>
    <message>
        <source>Stock counted to the list&apos;s figure: %1 products.</source>
        <translation>재고 실사로 목록의 수량에 맞춘 상품: %1개.</translation>
    </message>
</context>
<context>
    <name>CustomerDisplayWindow</name>
    <message>
        <source>Customer display</source>
        <translation>고객 화면</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Amount to pay (Cheongju Pay)</source>
        <translation>결제하실 금액 (청주페이)</translation>
    </message>
    <message>
        <source>Scan this QR with the Cheongju Pay app to pay</source>
        <translation>청주페이 앱으로 이 QR을 스캔해 결제해 주세요</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>감사합니다!</translation>
    </message>
    <message>
        <source>Cheongju Pay</source>
        <translation>청주페이</translation>
    </message>
    <message>
        <source> [no special discount]</source>
        <translation> [특별할인 제외]</translation>
    </message>
    <message>
        <source>Cheongju Pay special discount %1</source>
        <translation>청주페이 특별할인 %1</translation>
    </message>
    <message>
        <source>No cashback at this shop (restricted merchant)</source>
        <translation>캐시백 미적립 가맹점</translation>
    </message>
    <message>
        <source>Cashback up to %1</source>
        <translation>캐시백 최대 %1 적립 예정</translation>
    </message>
    <message>
        <source>Cashback credited %1</source>
        <translation>캐시백 %1 적립</translation>
    </message>
    <message>
        <source>Time left %1</source>
        <translation>남은 시간 %1</translation>
    </message>
    <message>
        <source>Payment cancelled</source>
        <translation>결제가 취소되었습니다</translation>
    </message>
    <message>
        <source>Payment complete</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <source>Approval no. %1</source>
        <translation>승인번호 %1</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>승인 대기</translation>
    </message>
    <message>
        <source>Cheongju Pay card</source>
        <translation>청주페이 카드</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Special discount (Cheongju Pay share) %1</source>
        <translation>특별할인 (청주페이 결제분) %1</translation>
    </message>
    <message>
        <source>Welcome to %1</source>
        <translation>%1에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Pay with Cheongju Pay for the special discount and cashback.</source>
        <translation>청주페이로 결제하시면 특별할인과 캐시백 혜택을 받으실 수 있습니다.</translation>
    </message>
    <message>
        <source>Notice: %1</source>
        <translation>공지: %1</translation>
    </message>
</context>
<context>
    <name>CustomerPhoneWindow</name>
    <message>
        <source>Customer phone (demo)</source>
        <translation>고객 휴대폰 (연습)</translation>
    </message>
    <message>
        <source>Cheongju Pay · payment code</source>
        <translation>청주페이 · 결제 코드</translation>
    </message>
    <message>
        <source>No server: this code was made on the phone with the training issuer key. The POS takes it as an offline payment.</source>
        <translation>서버 없음: 이 코드는 휴대폰이 연습용 발급 키로 만들었습니다. POS는 오프라인 결제로 받습니다.</translation>
    </message>
    <message>
        <source>Offline limit %1</source>
        <translation>오프라인 한도 %1</translation>
    </message>
    <message>
        <source>Scanner types through the Korean IME (Hangul mode)</source>
        <translation>스캐너가 한글 입력 상태로 입력 (IME 한글 모드)</translation>
    </message>
    <message>
        <source>Scan into the POS</source>
        <translation>POS로 스캔하기</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>새 코드</translation>
    </message>
    <message>
        <source>Pay the merchant QR</source>
        <translation>가맹점 QR 결제</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>Shop online</source>
        <translation>온라인 장보기</translation>
    </message>
    <message>
        <source>The issuer did not answer and this phone cannot make codes: no code.</source>
        <translation>발급 서버가 응답하지 않고 이 휴대폰은 코드를 만들 수 없습니다: 보여줄 코드가 없습니다.</translation>
    </message>
    <message>
        <source>Valid for %1:%2</source>
        <translation>유효시간 %1:%2</translation>
    </message>
    <message>
        <source>Paying...</source>
        <translation>결제 중...</translation>
    </message>
    <message>
        <source>Paid %1 · approval %2</source>
        <translation>%1 결제 완료 · 승인 %2</translation>
    </message>
    <message>
        <source>Payment voided · approval %1</source>
        <translation>결제 취소됨 · 승인 %1</translation>
    </message>
    <message>
        <source>Refunded %1 · approval %2</source>
        <translation>%1 환불됨 · 승인 %2</translation>
    </message>
</context>
<context>
    <name>DamagedFileDialog</name>
    <message>
        <source>The data file is damaged</source>
        <translation>데이터 파일이 손상되었습니다</translation>
    </message>
    <message>
        <source>Help desk: run &apos;cjpay-pos doctor&apos; for a report, &apos;cjpay-pos restore&apos; to restore.</source>
        <translation>고객센터 안내: 점검은 &apos;cjpay-pos doctor&apos;, 복원은 &apos;cjpay-pos restore&apos; 명령으로 할 수 있습니다.</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>백업에서 복원</translation>
    </message>
    <message>
        <source>Close the program</source>
        <translation>프로그램 닫기</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>복원했습니다</translation>
    </message>
    <message>
        <source>The backup of %1 is in place. The damaged file was kept at %2.</source>
        <translation>%1 백업으로 복원했습니다. 손상된 파일은 %2에 보관했습니다.</translation>
    </message>
    <message>
        <source>%1 records made after the backup were carried over from the damaged file.</source>
        <translation>백업 이후에 기록된 %1건을 손상된 파일에서 옮겨 왔습니다.</translation>
    </message>
    <message>
        <source>The records after them could not be read; they stay in the damaged file kept at %1.</source>
        <translation>그 뒤의 기록은 읽을 수 없어, 보관한 손상된 파일 %1에 남아 있습니다.</translation>
    </message>
    <message>
        <source>%1 records after the backup could not be carried over (their chain does not verify); they stay in the damaged file kept at %2.</source>
        <translation>백업 이후의 기록 %1건은 기록 체인이 맞지 않아 옮기지 못했습니다. 보관한 손상된 파일 %2에 남아 있습니다.</translation>
    </message>
    <message>
        <source>The program closes now. Start it again: it offers the backup of %1 once more and puts it in place before the data file is opened.</source>
        <translation>프로그램을 지금 닫습니다. 다시 시작하면 %1 백업으로 복원할지 한 번 더 묻고, 데이터 파일을 열기 전에 복원합니다.</translation>
    </message>
</context>
<context>
    <name>DayCloseScreen</name>
    <message>
        <source>Cash float, e.g. 100,000</source>
        <extracomment>The day just closed (its slip prints if a receipt printer is set up). A day&apos;s id whose slip should print (Ctrl+P). A day&apos;s id whose slip should be shown as it prints (Ctrl+Shift+P).</extracomment>
        <translation>시재금, 예: 100,000</translation>
    </message>
    <message>
        <source>Open the day (Enter)</source>
        <translation>영업 시작 (Enter)</translation>
    </message>
    <message>
        <source>Open the business day</source>
        <translation>영업 시작</translation>
    </message>
    <message>
        <source>Cash in the drawer to start with:</source>
        <translation>시작할 때 서랍에 넣는 현금(시재금):</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Reason, e.g. change from the bank</source>
        <translation>사유, 예: 은행 잔돈 교환</translation>
    </message>
    <message>
        <source>Cash in (Ctrl+I)</source>
        <translation>입금 (Ctrl+I)</translation>
    </message>
    <message>
        <source>Cash out (Ctrl+O)</source>
        <translation>출금 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Record (Enter)</source>
        <translation>기록 (Enter)</translation>
    </message>
    <message>
        <source>Cash in / out</source>
        <translation>현금 입출금</translation>
    </message>
    <message>
        <source>Count the drawer (Ctrl+K)</source>
        <translation>현금 세기 (Ctrl+K)</translation>
    </message>
    <message>
        <source>or the total counted</source>
        <translation>또는 센 금액 합계</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Close the day (Ctrl+Enter)</source>
        <translation>마감 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Print the slip (Ctrl+P)</source>
        <translation>정산서 인쇄 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Show the slip (Ctrl+Shift+P)</source>
        <translation>정산서 보기 (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Business day open since %1 (float %2)</source>
        <translation>영업 중: %1 시작 (시재금 %2)</translation>
    </message>
    <message>
        <source>Business day open since %1 (float not counted)</source>
        <translation>영업 중: %1 시작 (시재금 세지 않음)</translation>
    </message>
    <message>
        <source>Settlement so far</source>
        <translation>지금까지의 정산</translation>
    </message>
    <message>
        <source>No business day is open.</source>
        <translation>열린 영업일이 없습니다.</translation>
    </message>
    <message>
        <source>No day closed yet</source>
        <translation>아직 마감한 영업일이 없습니다</translation>
    </message>
    <message>
        <source>No business day is open. The last day closed at %1.</source>
        <translation>열린 영업일이 없습니다. 마지막 마감: %1</translation>
    </message>
    <message>
        <source>Settlement of %1 (closed)</source>
        <translation>%1 마감정산 (마감됨)</translation>
    </message>
    <message>
        <source>The day is open with a float of %1.</source>
        <translation>시재금 %1으로 영업을 시작했습니다.</translation>
    </message>
    <message>
        <source>Cash in recorded: %1</source>
        <translation>입금 기록: %1</translation>
    </message>
    <message>
        <source>Cash out recorded: %1</source>
        <translation>출금 기록: %1</translation>
    </message>
    <message>
        <source>Counted: check the numbers</source>
        <translation>센 금액: 숫자를 확인해 주세요</translation>
    </message>
    <message>
        <source>Counted %1, expected %2, difference %3</source>
        <translation>센 금액 %1 / 있어야 할 금액 %2 / 차액 %3</translation>
    </message>
    <message>
        <source>Close the day now? Press Ctrl+Enter again to close, Esc to go back.</source>
        <translation>지금 마감할까요? 마감하려면 Ctrl+Enter를 한 번 더, 돌아가려면 Esc를 누르세요.</translation>
    </message>
    <message>
        <source>%1 parked sales (%2) are still waiting (Ctrl+Shift+B on the counter).</source>
        <translation>보류된 판매 %1건(%2)이 남아 있습니다(계산대에서 Ctrl+Shift+B).</translation>
    </message>
    <message>
        <source>The day is closed. Counted %1 against %2 expected.</source>
        <translation>마감했습니다. 센 금액 %1 / 있어야 할 금액 %2.</translation>
    </message>
    <message>
        <source>%1 Cheongju Pay items still await approval.</source>
        <translation>청주페이 %1건이 아직 승인 대기 중입니다.</translation>
    </message>
    <message>
        <source>The slip was printed.</source>
        <translation>정산서를 인쇄했습니다.</translation>
    </message>
</context>
<context>
    <name>DemoShopTab</name>
    <message>
        <source>Refresh</source>
        <translation>새로고침</translation>
    </message>
    <message>
        <source>Order 1 (paid with Cheongju Pay)</source>
        <translation>1개 주문 (청주페이 결제)</translation>
    </message>
    <message>
        <source>Cancel my last order</source>
        <translation>방금 주문 취소</translation>
    </message>
    <message>
        <source>Trainer: publish the listings in review</source>
        <translation>교육용: 심사 중인 상품 승인하기</translation>
    </message>
    <message>
        <source>In real use the city reviews listings; training has no reviewer.</source>
        <translation>실제로는 시청이 심사합니다. 연습 모드에는 심사자가 없습니다.</translation>
    </message>
    <message>
        <source>On sale online (this shop)</source>
        <translation>온라인 판매 중 (이 가게)</translation>
    </message>
    <message>
        <source>The shop did not answer: %1</source>
        <translation>쇼핑몰이 응답하지 않습니다: %1</translation>
    </message>
    <message>
        <source>Onsijang</source>
        <translation>온시장</translation>
    </message>
    <message>
        <source>Mall</source>
        <translation>소상공인몰</translation>
    </message>
    <message>
        <source>(%1 left)</source>
        <translation>(%1개 남음)</translation>
    </message>
    <message>
        <source>Nothing on sale yet: list a product (Ctrl+4), submit it, publish it here.</source>
        <translation>아직 판매 중인 상품이 없습니다. POS에서 상품을 등록하고(Ctrl+4) 심사 요청한 뒤 여기서 승인하세요.</translation>
    </message>
    <message>
        <source>Order refused: %1</source>
        <translation>주문할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Ordered and paid %1. The shop sees it now.</source>
        <translation>%1 결제하고 주문했습니다. 가게에 바로 알림이 갑니다.</translation>
    </message>
    <message>
        <source>Cannot cancel: %1</source>
        <translation>취소할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cancelled; the payment was refunded.</source>
        <translation>취소했습니다. 결제 금액은 환불되었습니다.</translation>
    </message>
    <message>
        <source>Published %1 listings.</source>
        <translation>%1개 상품을 승인했습니다.</translation>
    </message>
    <message>
        <source>No listing is waiting for review (submit one at the POS, Ctrl+4).</source>
        <translation>심사 대기 중인 상품이 없습니다 (POS에서 Ctrl+4로 심사 요청하세요).</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>Discount on the sale (Ctrl+K)</source>
        <translation>전체 할인 (Ctrl+K)</translation>
    </message>
    <message>
        <source>Whole sale · %1</source>
        <translation>전체 상품 · %1</translation>
    </message>
    <message>
        <source>Price or discount on the line (Ctrl+D)</source>
        <translation>상품 가격 변경·할인 (Ctrl+D)</translation>
    </message>
    <message>
        <source>%1 · %2 x %3</source>
        <translation>%1 · %2 × %3</translation>
    </message>
    <message>
        <source>New price (won)</source>
        <translation>변경 가격 (원)</translation>
    </message>
    <message>
        <source>Won off</source>
        <translation>금액 할인 (원)</translation>
    </message>
    <message>
        <source>% off</source>
        <translation>할인율 (%)</translation>
    </message>
    <message>
        <source>Type the figure</source>
        <translation>숫자를 입력하세요</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>관리자 PIN</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>변경 방식</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>금액·비율</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Above the shop&apos;s limit: a manager approves with their PIN.</source>
        <translation>가게 기준을 넘습니다: 매니저가 PIN으로 승인해야 합니다.</translation>
    </message>
</context>
<context>
    <name>DisplaySettingsDialog</name>
    <message>
        <source>Customer display</source>
        <translation>고객 화면</translation>
    </message>
    <message>
        <source>Show the customer display (Ctrl+Shift+D)</source>
        <translation>고객 화면 표시 (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Automatic (the first monitor that is not the POS&apos;s)</source>
        <translation>자동 (POS 화면이 아닌 첫 모니터)</translation>
    </message>
    <message>
        <source> - the POS&apos;s own monitor</source>
        <translation> - POS 화면</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (연결 안 됨)</translation>
    </message>
    <message>
        <source>On a second monitor the display fills it. On the POS&apos;s own monitor it is a window you can place; its place is remembered.</source>
        <translation>두 번째 모니터에서는 전체 화면으로 표시됩니다. POS 화면에서는 원하는 곳에 둘 수 있는 창으로 열리며, 위치를 기억합니다.</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>모니터</translation>
    </message>
</context>
<context>
    <name>EnrolmentDialog</name>
    <message>
        <source>Enrol this POS with the Cheongju Pay server</source>
        <translation>청주페이 서버에 이 POS 등록</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>서버 주소</translation>
    </message>
    <message>
        <source>Merchant ID</source>
        <translation>가맹점 번호</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>등록 코드</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>단말기 이름</translation>
    </message>
    <message>
        <source>Manager PIN (4+ digits)</source>
        <translation>관리자 PIN (숫자 4자리 이상)</translation>
    </message>
    <message>
        <source>Manager PIN again</source>
        <translation>관리자 PIN 확인</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>등록</translation>
    </message>
    <message>
        <source>Cheongju Pay revoked this device&apos;s enrolment: it takes no Cheongju Pay payments until it is enrolled again (cash and card still work). Ask the merchant office for a new code.</source>
        <translation>청주페이 본부가 이 단말기의 등록을 취소했습니다. 다시 등록할 때까지 청주페이 결제는 받을 수 없습니다 (현금·카드는 됩니다). 가맹점 창구에서 새 등록 코드를 받으세요.</translation>
    </message>
    <message>
        <source>Enter the merchant ID and the one-time enrolment code from the Cheongju Pay merchant office.</source>
        <translation>청주페이 가맹점 창구에서 받은 가맹점 번호와 1회용 등록 코드를 입력하세요.</translation>
    </message>
    <message>
        <source>Records waiting to be sent are kept.</source>
        <translation>전송 대기 중인 기록은 그대로 보관됩니다.</translation>
    </message>
    <message>
        <source>The manager PIN must be at least 4 digits.</source>
        <translation>관리자 PIN은 숫자 4자리 이상이어야 합니다.</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>두 PIN이 서로 다릅니다.</translation>
    </message>
    <message>
        <source>Enrolling: waiting for the server...</source>
        <translation>등록 중: 서버의 응답을 기다리고 있습니다...</translation>
    </message>
    <message>
        <source>The server is finishing this enrolment; the form closes by itself.</source>
        <translation>서버가 이 등록을 마무리하는 중입니다. 끝나면 이 창은 저절로 닫힙니다.</translation>
    </message>
</context>
<context>
    <name>FavouritesGrid</name>
    <message>
        <source>Mark favourites on the Products screen (Ctrl+2, Ctrl+D).</source>
        <translation>상품 화면(Ctrl+2)에서 Ctrl+D로 자주 찾는 상품을 지정하세요.</translation>
    </message>
</context>
<context>
    <name>ListingDialog</name>
    <message>
        <source>Edit online listing</source>
        <translation>온라인 판매 등록 고치기</translation>
    </message>
    <message>
        <source>New online listing</source>
        <translation>새 온라인 판매 등록</translation>
    </message>
    <message>
        <source> won</source>
        <translation>원</translation>
    </message>
    <message>
        <source>Origin, size, how to keep it, ...</source>
        <translation>산지, 크기, 보관 방법 등</translation>
    </message>
    <message>
        <source>Parcel, fee</source>
        <translation>택배, 배송비</translation>
    </message>
    <message>
        <source>Pickup at the shop</source>
        <translation>매장 픽업</translation>
    </message>
    <message>
        <source>Same-day delivery, fee</source>
        <translation>당일 배송, 배송비</translation>
    </message>
    <message>
        <source>(Onsijang only)</source>
        <translation>(온시장만)</translation>
    </message>
    <message>
        <source>Add photos... (Ctrl+O)</source>
        <translation>사진 추가... (Ctrl+O)</translation>
    </message>
    <message>
        <source>Remove (Del)</source>
        <translation>빼기 (Del)</translation>
    </message>
    <message>
        <source>Make cover</source>
        <translation>대표 사진으로</translation>
    </message>
    <message>
        <source>Save draft (Ctrl+S)</source>
        <translation>임시 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Submit for review (Ctrl+Enter)</source>
        <translation>심사 요청 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Close without saving (Esc)</source>
        <translation>저장하지 않고 닫기 (Esc)</translation>
    </message>
    <message>
        <source>Sell on</source>
        <translation>판매처</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>판매 제목</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>상품 설명</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>판매 가격</translation>
    </message>
    <message>
        <source>Offered online</source>
        <translation>온라인 판매 수량</translation>
    </message>
    <message>
        <source>Delivery (choose at least one)</source>
        <translation>배송 방법 (하나 이상)</translation>
    </message>
    <message>
        <source>Photos (the first is the cover)</source>
        <translation>사진 (첫 번째가 대표 사진)</translation>
    </message>
    <message>
        <source>Photos are made smaller on this PC before they are sent (long side 1,280 px).</source>
        <translation>사진은 보내기 전에 이 PC에서 줄입니다 (긴 변 1,280 px).</translation>
    </message>
    <message>
        <source>Now: %1.</source>
        <translation>지금 상태: %1.</translation>
    </message>
    <message>
        <source>Changes must be submitted for review again; to change only the quantity offered, use Ctrl+Q on the list (no review).</source>
        <translation>내용을 고치면 다시 심사를 받아야 합니다. 판매 수량만 바꾸려면 목록에서 Ctrl+Q를 누르세요 (심사 없음).</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2장</translation>
    </message>
    <message>
        <source>No photo yet: review needs one</source>
        <translation>사진 없음: 심사에 1장 이상 필요</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>사진 추가</translation>
    </message>
    <message>
        <source>That photo is already in this listing.</source>
        <translation>이미 들어 있는 사진입니다.</translation>
    </message>
    <message>
        <source>Photo added.</source>
        <translation>사진을 추가했습니다.</translation>
    </message>
</context>
<context>
    <name>ListingPreview</name>
    <message>
        <source>Delivery fees are paid by the customer and come to you in full, no fee.</source>
        <translation>배송비는 손님이 내며, 수수료 없이 그대로 받습니다.</translation>
    </message>
    <message>
        <source>No listing selected. Ins lists a product online.</source>
        <translation>고른 등록이 없습니다. Ins 키로 상품을 온라인에 등록하세요.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>판매 가격</translation>
    </message>
    <message>
        <source>Offered online</source>
        <translation>온라인 판매 수량</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>배송</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>사진</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(사유 없음)</translation>
    </message>
    <message>
        <source>Rejected by the reviewer: %1. Fix it (Enter), then submit again.</source>
        <translation>심사에서 반려됨: %1. 고친 뒤(Enter) 다시 심사를 요청하세요.</translation>
    </message>
    <message>
        <source>The server did not accept the last change: %1. Fix it and submit again.</source>
        <translation>서버가 마지막 변경을 받지 않았습니다: %1. 고친 뒤 다시 심사를 요청하세요.</translation>
    </message>
</context>
<context>
    <name>ListingTableModel</name>
    <message>
        <source>Title</source>
        <translation>판매 제목</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>판매처</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>판매 가격</translation>
    </message>
    <message>
        <source>Offered online</source>
        <translation>온라인 수량</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Reason / problem</source>
        <translation>반려 사유 / 문제</translation>
    </message>
    <message>
        <source>Not accepted by the server: %1</source>
        <translation>서버가 받지 않음: %1</translation>
    </message>
    <message>
        <source>(no reason given)</source>
        <translation>(사유 없음)</translation>
    </message>
</context>
<context>
    <name>ListingWords</name>
    <message>
        <source>Draft</source>
        <translation>작성 중</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>심사 중</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>판매 중</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>반려</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>판매 중단</translation>
    </message>
    <message>
        <source>Small-business mall</source>
        <translation>소상공인몰</translation>
    </message>
    <message>
        <source>Onsijang</source>
        <translation>온시장</translation>
    </message>
    <message>
        <source>a photo did not reach the server</source>
        <translation>사진이 서버에 올라가지 않았습니다</translation>
    </message>
    <message>
        <source>a photo is needed</source>
        <translation>사진이 필요합니다</translation>
    </message>
    <message>
        <source>a delivery option is needed</source>
        <translation>배송 방법이 필요합니다</translation>
    </message>
    <message>
        <source>a delivery option is not allowed</source>
        <translation>허용되지 않는 배송 방법입니다</translation>
    </message>
    <message>
        <source>the title is not allowed</source>
        <translation>제목이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>the description is too long</source>
        <translation>설명이 너무 깁니다</translation>
    </message>
    <message>
        <source>the price is not allowed</source>
        <translation>가격이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>the quantity offered is not allowed</source>
        <translation>판매 수량이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>too many photos</source>
        <translation>사진이 너무 많습니다</translation>
    </message>
    <message>
        <source>another shop uses this listing number</source>
        <translation>다른 가게가 쓰는 등록 번호입니다</translation>
    </message>
    <message>
        <source>the server does not know this listing</source>
        <translation>서버에 없는 등록입니다</translation>
    </message>
    <message>
        <source>the server refused it</source>
        <translation>서버가 거부했습니다</translation>
    </message>
    <message>
        <source>Parcel %1</source>
        <translation>택배 %1</translation>
    </message>
    <message>
        <source>Pickup at the shop</source>
        <translation>매장 픽업</translation>
    </message>
    <message>
        <source>Same-day %1</source>
        <translation>당일 배송 %1</translation>
    </message>
    <message>
        <source>No delivery option chosen</source>
        <translation>배송 방법을 고르지 않았습니다</translation>
    </message>
    <message>
        <source>No fee on %1: you receive %2 per sale</source>
        <translation>%1은 수수료가 없습니다 · 1개 팔면 %2 받습니다</translation>
    </message>
    <message>
        <source>Fee %1 % = %2 · you receive %3 per sale</source>
        <translation>수수료 %1% = %2 · 1개 팔면 %3 받습니다</translation>
    </message>
</context>
<context>
    <name>ListingsScreen</name>
    <message>
        <source>Filter by title</source>
        <extracomment>Already where a submission would put it: submitting again would only repeat the event.</extracomment>
        <translation>판매 제목으로 찾기</translation>
    </message>
    <message>
        <source>New listing (Ins)</source>
        <translation>새로 등록 (Ins)</translation>
    </message>
    <message>
        <source>Edit (Enter)</source>
        <translation>고치기 (Enter)</translation>
    </message>
    <message>
        <source>Submit for review (Ctrl+Enter)</source>
        <translation>심사 요청 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Withdraw (Del)</source>
        <translation>판매 중단 (Del)</translation>
    </message>
    <message>
        <source>Quantity offered (Ctrl+Q)</source>
        <translation>판매 수량 (Ctrl+Q)</translation>
    </message>
    <message>
        <source>%1 listings · %2 on sale · %3 in review</source>
        <translation>등록 %1개 · 판매 중 %2 · 심사 중 %3</translation>
    </message>
    <message>
        <source>%1 is already %2. To change it, edit it (Enter).</source>
        <translation>&apos;%1&apos;은(는) 이미 %2입니다. 바꾸려면 고치기(Enter)를 누르세요.</translation>
    </message>
    <message>
        <source>Withdraw listing</source>
        <translation>판매 중단</translation>
    </message>
    <message>
        <source>Take %1 off sale now?
To sell it online again it must be reviewed again.</source>
        <translation>&apos;%1&apos;의 온라인 판매를 지금 중단할까요?
다시 팔려면 심사를 다시 받아야 합니다.</translation>
    </message>
    <message>
        <source>Quantity offered online</source>
        <translation>온라인 판매 수량</translation>
    </message>
    <message>
        <source>How many of %1 may online customers order?
No new review is needed.</source>
        <translation>온라인 손님이 &apos;%1&apos;을(를) 몇 개까지 주문할 수 있게 할까요?
심사는 다시 받지 않습니다.</translation>
    </message>
    <message>
        <source>%1: %2 · %3 offered online</source>
        <translation>%1: %2 · 온라인 판매 수량 %3</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cheongju Pay POS</source>
        <extracomment>the customer display and the sync&apos;s news, for F5&apos;s merchant QR</extracomment>
        <translation>청주페이 POS</translation>
    </message>
    <message>
        <source>Training mode: no real money moves · manager PIN %1</source>
        <translation>연습 모드 · 실제 결제가 아닙니다 · 관리자 PIN %1</translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation>계산</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>상품 찾기</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>품목 삭제</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라 화면</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>서버 등록</translation>
    </message>
    <message>
        <source>Sale parked: %1. Ctrl+Shift+B recalls it.</source>
        <translation>판매를 보류했습니다: %1. Ctrl+Shift+B로 불러옵니다.</translation>
    </message>
    <message>
        <source>Parked sale recalled: %1.</source>
        <translation>보류된 판매를 불러왔습니다: %1.</translation>
    </message>
    <message>
        <source>Cash receipt self-issued to 010-000-1234 (mandatory from 100,000 won).</source>
        <translation>현금영수증을 010-000-1234로 자진발급했습니다 (100,000원 이상 의무발행).</translation>
    </message>
    <message>
        <source>Cash receipt requested for %1.</source>
        <translation>현금영수증 발급 요청: %1.</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <source>Cash/Card</source>
        <translation>현금/카드</translation>
    </message>
    <message>
        <source>Void last</source>
        <translation>직전 결제 취소</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>최근 영수증</translation>
    </message>
    <message>
        <source>Park Ctrl+B · List (%1)</source>
        <translation>보류 Ctrl+B · 목록(%1)</translation>
    </message>
    <message>
        <source>Ctrl+B: park the sale; Ctrl+Shift+B: the parked sales, Enter recalls one</source>
        <translation>Ctrl+B: 판매 보류, Ctrl+Shift+B: 보류 목록 (Enter로 불러오기)</translation>
    </message>
    <message>
        <source>Sale recorded: %1 (receipt %2).</source>
        <translation>판매 기록됨: %1 (영수증 %2).</translation>
    </message>
    <message>
        <source>Clear sale</source>
        <translation>전체 취소</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Payment %1 voided.</source>
        <translation>결제 %1 취소 완료.</translation>
    </message>
</context>
<context>
    <name>ManagerOverrideDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>관리자 승인</translation>
    </message>
    <message>
        <source>A manager types their PIN to approve this one action.</source>
        <translation>매니저나 사장님이 PIN을 입력하면 이 작업 한 번만 승인됩니다.</translation>
    </message>
</context>
<context>
    <name>MarketPriceDialog</name>
    <message>
        <source>Market price</source>
        <translation>시가</translation>
    </message>
    <message>
        <source>Today&apos;s price of %1</source>
        <translation>%1 오늘의 가격</translation>
    </message>
    <message>
        <source>Price in won</source>
        <translation>가격(원)</translation>
    </message>
    <message>
        <source>Enter: add · Esc: cancel</source>
        <translation>Enter: 추가 · Esc: 취소</translation>
    </message>
    <message>
        <source>Add (Enter)</source>
        <translation>추가 (Enter)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>취소 (Esc)</translation>
    </message>
</context>
<context>
    <name>MerchantHeader</name>
    <message>
        <source>No merchant set up</source>
        <translation>가맹점 정보 없음</translation>
    </message>
    <message>
        <source>· Device %1</source>
        <translation>· 단말기 %1</translation>
    </message>
    <message>
        <source>Cheongju Pay special discount %1</source>
        <translation>청주페이 특별할인 %1</translation>
    </message>
</context>
<context>
    <name>MerchantQrDialog</name>
    <message>
        <source>Cheongju Pay merchant QR</source>
        <translation>청주페이 가맹점 QR</translation>
    </message>
    <message>
        <source>The customer scans this QR (also on the customer display) and pays.</source>
        <translation>고객이 이 QR(고객 화면에도 표시)을 스캔해 결제합니다.</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>취소 (Esc)</translation>
    </message>
    <message>
        <source>Time left %1</source>
        <translation>남은 시간 %1</translation>
    </message>
    <message>
        <source>Cancelling at the server...</source>
        <translation>서버에서 취소하는 중입니다...</translation>
    </message>
</context>
<context>
    <name>NoticesScreen</name>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>게시일</translation>
    </message>
    <message>
        <source>%1 notices · %2 unread</source>
        <translation>공지 %1건 · 안 읽음 %2건</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>안 읽음</translation>
    </message>
    <message>
        <source>Choose a notice (Up/Down)</source>
        <translation>공지를 고르세요 (위/아래)</translation>
    </message>
    <message>
        <source>No notices from the city yet.</source>
        <translation>아직 시의 공지사항이 없습니다.</translation>
    </message>
    <message>
        <source>Published %1</source>
        <translation>게시 %1</translation>
    </message>
</context>
<context>
    <name>OpeningFloatDialog</name>
    <message>
        <source>Open the business day</source>
        <translation>영업 시작</translation>
    </message>
    <message>
        <source>The last day was closed at %1. This sale opens a new day.</source>
        <translation>지난 영업일은 %1에 마감했습니다. 이 판매로 새 영업일을 시작합니다.</translation>
    </message>
    <message>
        <source>No business day is open. This sale opens one.</source>
        <translation>열린 영업일이 없습니다. 이 판매로 영업일을 시작합니다.</translation>
    </message>
    <message>
        <source>Cash float, e.g. 100,000</source>
        <translation>시재금, 예: 100,000</translation>
    </message>
    <message>
        <source>Open with this float (Enter)</source>
        <translation>이 시재금으로 시작 (Enter)</translation>
    </message>
    <message>
        <source>Not counted (Esc)</source>
        <translation>세지 않음 (Esc)</translation>
    </message>
    <message>
        <source>Cash in the drawer to start with:</source>
        <translation>시작할 때 서랍에 넣는 현금(시재금):</translation>
    </message>
    <message>
        <source>A new business day is open (float not counted).</source>
        <translation>새 영업일을 시작했습니다 (시재금 세지 않음).</translation>
    </message>
    <message>
        <source>A new business day is open with a float of %1.</source>
        <translation>시재금 %1으로 새 영업일을 시작했습니다.</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>주문 시각</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>판매처</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>배송</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source> (sending)</source>
        <translation> (전송 중)</translation>
    </message>
</context>
<context>
    <name>OrderWords</name>
    <message>
        <source>New order</source>
        <translation>새 주문</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>주문 수락</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>주문 거절</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>상품 준비 중</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>픽업 대기</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>발송 완료</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Cancelled by the customer</source>
        <translation>고객 취소</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>택배</translation>
    </message>
    <message>
        <source>Pickup at the shop</source>
        <translation>매장 픽업</translation>
    </message>
    <message>
        <source>Same-day delivery</source>
        <translation>당일 배송</translation>
    </message>
    <message>
        <source>Onsijang</source>
        <translation>온시장</translation>
    </message>
    <message>
        <source>Small-business mall</source>
        <translation>소상공인몰</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <source>Show finished orders</source>
        <translation>끝난 주문도 보기</translation>
    </message>
    <message>
        <source>Reject (Del)</source>
        <translation>주문 거절 (Del)</translation>
    </message>
    <message>
        <source>%1 orders shown · %2 waiting for you</source>
        <translation>주문 %1건 표시 · 처리 대기 %2건</translation>
    </message>
    <message>
        <source>No orders to show.</source>
        <translation>표시할 주문이 없습니다.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>주문 시각</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>판매처</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>배송</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>결제 금액</translation>
    </message>
    <message>
        <source>Platform fee</source>
        <translation>플랫폼 수수료</translation>
    </message>
    <message>
        <source>You receive</source>
        <translation>정산 예정 금액</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>요청 사항</translation>
    </message>
    <message>
        <source>Tracking no.</source>
        <translation>송장 번호</translation>
    </message>
    <message>
        <source>Accept (reserves stock)</source>
        <translation>주문 수락 (재고 확보)</translation>
    </message>
    <message>
        <source>Start preparing</source>
        <translation>상품 준비 시작</translation>
    </message>
    <message>
        <source>Ready for pickup</source>
        <translation>픽업 대기</translation>
    </message>
    <message>
        <source>Mark as shipped</source>
        <translation>발송 처리</translation>
    </message>
    <message>
        <source>Handed over: complete</source>
        <translation>전달 완료</translation>
    </message>
    <message>
        <source>Parcel tracking number</source>
        <translation>택배 송장 번호</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>재고 없음</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>오늘 영업 종료</translation>
    </message>
    <message>
        <source>We cannot deliver to this address</source>
        <translation>배송할 수 없는 지역</translation>
    </message>
    <message>
        <source>Reject the order</source>
        <translation>주문 거절</translation>
    </message>
    <message>
        <source>Reason the customer will see</source>
        <translation>고객에게 보일 거절 사유</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ParkedSalesDialog</name>
    <message>
        <source>Parked sales</source>
        <translation>보류 목록</translation>
    </message>
    <message>
        <source>Arrows choose, Enter recalls the sale into the cart, Esc goes back.</source>
        <translation>화살표로 고르고 Enter로 장바구니에 불러옵니다. Esc는 돌아가기.</translation>
    </message>
    <message>
        <source>No sales are parked. Ctrl+B parks the sale in progress.</source>
        <translation>보류된 판매가 없습니다. Ctrl+B로 진행 중인 판매를 보류합니다.</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>보류 시각</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>외 %1건</translation>
    </message>
</context>
<context>
    <name>PaymentsScreen</name>
    <message>
        <source>Receipt no.</source>
        <extracomment>emitted after a refund was recorded (the lead may refresh the day close, print...) Ctrl+P: the selected payment&apos;s receipt, shown as it prints (reprint from there). Ctrl+Shift+P: the refund receipt of the selected payment&apos;s latest refund.</extracomment>
        <translation>영수증 번호</translation>
    </message>
    <message>
        <source>Approval no.</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>From (YYYY-MM-DD)</source>
        <translation>시작일 (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>To (YYYY-MM-DD)</source>
        <translation>종료일 (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Amount (won)</source>
        <translation>금액 (원)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>영수증</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>결제금액</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>환불됨</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>승인번호</translation>
    </message>
    <message>
        <source>Refund selected (Enter)</source>
        <translation>선택 결제 환불 (Enter)</translation>
    </message>
    <message>
        <source>Receipt (Ctrl+P)</source>
        <translation>영수증 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Refund receipt (Ctrl+Shift+P)</source>
        <translation>환불 영수증 (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>승인 대기</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>거절</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>%1 payments</source>
        <translation>결제 %1건</translation>
    </message>
    <message>
        <source>Cheongju Pay</source>
        <translation>청주페이</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Card (terminal)</source>
        <translation>카드(단말기)</translation>
    </message>
    <message>
        <source>Cheongju Pay card</source>
        <translation>청주페이 카드</translation>
    </message>
    <message>
        <source>Split payment</source>
        <translation>복합결제</translation>
    </message>
    <message>
        <source>This payment has no refund.</source>
        <translation>이 결제에는 환불 내역이 없습니다.</translation>
    </message>
    <message>
        <source>Refunded %1 (refund %2).</source>
        <translation>%1 환불했습니다 (환불번호 %2).</translation>
    </message>
</context>
<context>
    <name>PhotoFiles</name>
    <message>
        <source>Pictures (%1)</source>
        <translation>사진 (%1)</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>%1 (cover)</source>
        <extracomment>sha256 -&gt; the stored JPEG, or None when this PC does not hold it</extracomment>
        <translation>%1 (대표)</translation>
    </message>
    <message>
        <source>%1 not on this PC</source>
        <translation>%1 이 PC에 없음</translation>
    </message>
</context>
<context>
    <name>PinEntry</name>
    <message>
        <source>(Just type your PIN)</source>
        <translation>(PIN만 입력)</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <source>Receipt printer</source>
        <extracomment>How a test print&apos;s outcome comes back: None when sent, else the coded refusal. Starts a test print with the fields as they are; calls the report when it is done.</extracomment>
        <translation>영수증 프린터</translation>
    </message>
    <message>
        <source>No receipt printer</source>
        <translation>영수증 프린터 없음</translation>
    </message>
    <message>
        <source>USB (ESC/POS)</source>
        <translation>USB (ESC/POS)</translation>
    </message>
    <message>
        <source>Serial port (ESC/POS)</source>
        <translation>시리얼 포트 (ESC/POS)</translation>
    </message>
    <message>
        <source>Network (ESC/POS, port 9100)</source>
        <translation>네트워크 (ESC/POS, 9100번 포트)</translation>
    </message>
    <message>
        <source>Windows / system printer</source>
        <translation>Windows / 시스템 프린터</translation>
    </message>
    <message>
        <source>Choose an attached printer</source>
        <translation>연결된 프린터를 고르세요</translation>
    </message>
    <message>
        <source>Refresh list</source>
        <translation>목록 새로 고침</translation>
    </message>
    <message>
        <source>Check the USB cable and the printer&apos;s power, then refresh the list. If Windows installed the maker&apos;s printer driver, choose &quot;Windows / system printer&quot; as the connection.</source>
        <translation>USB 케이블과 프린터 전원을 확인한 뒤 목록을 새로 고쳐 주세요. Windows에 제조사 프린터 드라이버가 설치되어 있다면 연결 방식에서 &quot;Windows / 시스템 프린터&quot;를 고르세요.</translation>
    </message>
    <message>
        <source>COM3 or /dev/ttyUSB0</source>
        <translation>COM3 또는 /dev/ttyUSB0</translation>
    </message>
    <message>
        <source>9600 (factory setting of most printers)</source>
        <translation>9600 (대부분 프린터의 출고 설정)</translation>
    </message>
    <message>
        <source>115200 (fastest; set the printer to it too)</source>
        <translation>115200 (가장 빠름, 프린터도 같은 속도로 설정)</translation>
    </message>
    <message>
        <source>Printer IP address</source>
        <translation>프린터 IP 주소</translation>
    </message>
    <message>
        <source>Attached printer</source>
        <translation>연결된 프린터</translation>
    </message>
    <message>
        <source>Vendor ID (hex)</source>
        <translation>제조사 ID (16진수)</translation>
    </message>
    <message>
        <source>Product ID (hex)</source>
        <translation>제품 ID (16진수)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>속도 (baud)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Cut the paper after each receipt</source>
        <translation>영수증마다 용지 자르기</translation>
    </message>
    <message>
        <source>Open the cash drawer after a cash sale</source>
        <translation>현금 결제 후 금전함 열기</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>테스트 인쇄</translation>
    </message>
    <message>
        <source>Printer model</source>
        <translation>프린터 모델</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>연결 방식</translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation>찾는 중…</translation>
    </message>
    <message>
        <source>No USB printer found</source>
        <translation>연결된 USB 프린터가 없습니다</translation>
    </message>
    <message>
        <source>Sending to the printer…</source>
        <translation>프린터로 보내는 중…</translation>
    </message>
    <message>
        <source>Printers common in Korea</source>
        <translation>국내에서 많이 쓰는 프린터</translation>
    </message>
    <message>
        <source>Other ESC/POS printers</source>
        <translation>기타 ESC/POS 프린터</translation>
    </message>
    <message>
        <source>Another printer: choose by paper and print head</source>
        <translation>다른 프린터: 용지 폭과 인쇄 헤드로 고르기</translation>
    </message>
    <message>
        <source>Other printer: %1 mm paper, %2 dots, %3 dpi</source>
        <translation>기타 프린터: %1 mm 용지, %2도트, %3dpi</translation>
    </message>
    <message>
        <source>%1 mm paper · %2 dots · %3 dpi</source>
        <translation>%1 mm 용지 · %2도트 · %3dpi</translation>
    </message>
    <message>
        <source>Test page sent to the printer.</source>
        <translation>테스트 페이지를 프린터로 보냈습니다.</translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <source>Edit product</source>
        <translation>상품 수정</translation>
    </message>
    <message>
        <source>New product</source>
        <translation>새 상품</translation>
    </message>
    <message>
        <source> won</source>
        <translation>원</translation>
    </message>
    <message>
        <source>Scan a barcode or type a code, then Enter</source>
        <translation>바코드를 스캔하거나 코드를 입력하고 Enter</translation>
    </message>
    <message>
        <source>Remove code</source>
        <translation>코드 삭제</translation>
    </message>
    <message>
        <source>Excluded from the special discount</source>
        <translation>특별할인 제외 상품</translation>
    </message>
    <message>
        <source>Taxable</source>
        <translation>과세</translation>
    </message>
    <message>
        <source>Tax-exempt</source>
        <translation>면세</translation>
    </message>
    <message>
        <source>Sold by weight</source>
        <translation>무게로 판매</translation>
    </message>
    <message>
        <source> won/kg</source>
        <translation>원/kg</translation>
    </message>
    <message>
        <source>Market price (asked at the counter)</source>
        <translation>시가 (계산할 때 가격 입력)</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>판매 중</translation>
    </message>
    <message>
        <source>No warning</source>
        <translation>경고 안 함</translation>
    </message>
    <message>
        <source>Choose a photo...</source>
        <translation>사진 선택...</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>사진 빼기</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>상품명</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>가격</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>바코드</translation>
    </message>
    <message>
        <source>Tax category</source>
        <translation>과세구분</translation>
    </message>
    <message>
        <source>Weighed / market price</source>
        <translation>저울 / 시가</translation>
    </message>
    <message>
        <source>Low-stock warning at</source>
        <translation>재고 부족 경고 기준</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>사진</translation>
    </message>
    <message>
        <source>Code %1 added.</source>
        <translation>코드 %1을(를) 추가했습니다.</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>사진 선택</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>사진 없음</translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <source>Find a product by name (F3)</source>
        <translation>상품명으로 찾기 (F3)</translation>
    </message>
    <message>
        <source> [no special discount]</source>
        <translation> [특별할인 제외]</translation>
    </message>
</context>
<context>
    <name>ProductPickerDialog</name>
    <message>
        <source>New listing: which product?</source>
        <translation>새 온라인 등록: 어떤 상품인가요?</translation>
    </message>
    <message>
        <source>Type a product name or barcode</source>
        <translation>상품명이나 바코드를 입력하세요</translation>
    </message>
    <message>
        <source>↑/↓ choose · Enter continues to the listing form · Esc cancels</source>
        <translation>↑/↓ 고르기 · Enter 등록 양식으로 · Esc 취소</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <source>Product</source>
        <extracomment>product_id -&gt; (stock level, state text, alarming?) when stock is known</extracomment>
        <translation>상품</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>바코드</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>가격</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>재고</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source> [no special discount]</source>
        <translation> [특별할인 제외]</translation>
    </message>
    <message>
        <source> [tax-exempt]</source>
        <translation> [면세]</translation>
    </message>
    <message>
        <source>Not on sale</source>
        <translation>판매 중지</translation>
    </message>
</context>
<context>
    <name>ReceiptPreviewDialog</name>
    <message>
        <source>Receipt</source>
        <extracomment>Called by the printing side with the outcome: None or a job when done, or the error.</extracomment>
        <translation>영수증</translation>
    </message>
    <message>
        <source>Reprint (F10)</source>
        <translation>재발행 (F10)</translation>
    </message>
    <message>
        <source>Print (F10)</source>
        <translation>인쇄 (F10)</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>PDF로 저장</translation>
    </message>
    <message>
        <source>Print on…</source>
        <translation>다른 프린터로 인쇄…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Sending to the printer…</source>
        <translation>프린터로 보내는 중…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>인쇄했습니다.</translation>
    </message>
    <message>
        <source>Reprinted (marked 재발행).</source>
        <translation>재발행했습니다 (영수증에 &apos;재발행&apos; 표시).</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1에 저장했습니다</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>영수증을 PDF로 저장</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>%1(으)로 보냈습니다</translation>
    </message>
</context>
<context>
    <name>ReceiptView</name>
    <message>
        <source>Receipt preview</source>
        <translation>영수증 미리보기</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <extracomment>The most the lines table asks for: a dialog that still fits a 1024-pixel screen.</extracomment>
        <translation>환불 (결제취소)</translation>
    </message>
    <message>
        <source>Receipt %1 · paid %2 · refundable %3</source>
        <translation>영수증 %1 · 결제 %2 · 환불 가능 %3</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>남은 수량</translation>
    </message>
    <message>
        <source>Refund qty</source>
        <translation>환불 수량</translation>
    </message>
    <message>
        <source> [tax-exempt]</source>
        <translation> [면세]</translation>
    </message>
    <message>
        <source>Refund an amount instead (Ctrl+M)</source>
        <translation>금액으로 환불 (Ctrl+M)</translation>
    </message>
    <message>
        <source>Amount to refund (won)</source>
        <translation>환불 금액 (원)</translation>
    </message>
    <message>
        <source>Change of mind</source>
        <translation>고객 변심</translation>
    </message>
    <message>
        <source>Defective item</source>
        <translation>상품 불량</translation>
    </message>
    <message>
        <source>Charged wrongly</source>
        <translation>계산 착오</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>Details (required for Other)</source>
        <translation>상세 내용 (기타는 필수)</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>관리자 PIN</translation>
    </message>
    <message>
        <source>Refund (Ctrl+Enter)</source>
        <translation>환불하기 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>상세 내용</translation>
    </message>
    <message>
        <source>Refund: choose items or an amount</source>
        <translation>환불: 상품이나 금액을 고르세요</translation>
    </message>
    <message>
        <source>Refund %1</source>
        <translation>환불 %1</translation>
    </message>
    <message>
        <source> (discount kept %1)</source>
        <translation> (특별할인 차감 %1)</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Card (terminal)</source>
        <translation>카드(단말기)</translation>
    </message>
    <message>
        <source>Cheongju Pay card</source>
        <translation>청주페이 카드</translation>
    </message>
    <message>
        <source>Cheongju Pay</source>
        <translation>청주페이</translation>
    </message>
    <message>
        <source>Refunded %1.</source>
        <translation>%1 환불했습니다.</translation>
    </message>
    <message>
        <source>The cash receipt is cancelled for this amount too.</source>
        <translation>이 금액만큼 현금영수증도 취소했습니다.</translation>
    </message>
    <message>
        <source>Cancel this amount on the card terminal (Cheongju Pay card).</source>
        <translation>카드 단말기에서 이 금액을 승인취소하세요(청주페이 카드).</translation>
    </message>
</context>
<context>
    <name>SalesScreen</name>
    <message>
        <source>Show (Enter)</source>
        <translation>조회 (Enter)</translation>
    </message>
    <message>
        <source>Today (Ctrl+T)</source>
        <translation>오늘 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Last 30 days (Ctrl+M)</source>
        <translation>최근 30일 (Ctrl+M)</translation>
    </message>
    <message>
        <source>Export CSV (Ctrl+E)</source>
        <translation>CSV 내보내기 (Ctrl+E)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>%1 to %2: net sales %3 from %4 sales · cashback confirmed %5</source>
        <translation>%1 ~ %2: 순매출 %3 (%4건) · 확정 캐시백 %5</translation>
    </message>
    <message>
        <source>manual discounts %1</source>
        <translation>수동 할인 %1</translation>
    </message>
    <message>
        <source>Taxable sales %1 (supply value %2, VAT %3) · tax-exempt sales %4</source>
        <translation>과세 매출 %1 (공급가액 %2, 부가세 %3) · 면세 매출 %4</translation>
    </message>
    <message>
        <source>Sales by day (10,000 won)</source>
        <translation>일별 매출 (만원)</translation>
    </message>
    <message>
        <source>Sales by hour on %1 (10,000 won)</source>
        <translation>%1 시간대별 매출 (만원)</translation>
    </message>
    <message>
        <source>Top products (10,000 won)</source>
        <translation>많이 팔린 상품 (만원)</translation>
    </message>
    <message>
        <source>Export sales</source>
        <translation>매출 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Exported %1 payments to %2</source>
        <translation>결제 %1건을 %2에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ScaleSettingsDialog</name>
    <message>
        <source>Label scale</source>
        <translation>라벨 저울</translation>
    </message>
    <message>
        <source>Read scale labels (EAN-13 starting with 2)</source>
        <translation>저울 라벨 읽기 (2로 시작하는 EAN-13)</translation>
    </message>
    <message>
        <source>Price (won)</source>
        <translation>가격 (원)</translation>
    </message>
    <message>
        <source>Weight (grams)</source>
        <translation>중량 (g)</translation>
    </message>
    <message>
        <source>Check digit before the price/weight (GS1)</source>
        <translation>가격/중량 앞에 검증 숫자 (GS1)</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>접두어</translation>
    </message>
    <message>
        <source>Item code digits</source>
        <translation>품목코드 자릿수</translation>
    </message>
    <message>
        <source>The label carries</source>
        <translation>라벨에 담긴 값</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>I: item code · P: price · W: weight · V, C: check digits</source>
        <translation>I: 품목코드 · P: 가격 · W: 중량 · V, C: 검증 숫자</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>끔</translation>
    </message>
</context>
<context>
    <name>SettlementView</name>
    <message>
        <source>Cheongju Pay</source>
        <translation>청주페이</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Card (terminal)</source>
        <translation>카드(단말기)</translation>
    </message>
    <message>
        <source>Cheongju Pay card</source>
        <translation>청주페이 카드</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n건</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cash receipt(s)</source>
        <translation>
            <numerusform>%n건</numerusform>
        </translation>
    </message>
    <message>
        <source>Sales by tender (after voids and refunds)</source>
        <translation>결제수단별 매출 (취소·환불 차감)</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>순매출</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>할인·취소·환불</translation>
    </message>
    <message>
        <source>Special discount given</source>
        <translation>특별할인</translation>
    </message>
    <message>
        <source>Manual discounts and price changes</source>
        <translation>수동 할인·가격 변경</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>환불(결제취소)</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>직전 결제 취소</translation>
    </message>
    <message>
        <source>Declined by the server (not received)</source>
        <translation>서버 거절 (받지 못한 금액)</translation>
    </message>
    <message>
        <source>Cash receipts issued</source>
        <translation>현금영수증 발급</translation>
    </message>
    <message>
        <source>Cash receipts cancelled</source>
        <translation>현금영수증 취소</translation>
    </message>
    <message>
        <source>Cash receipts awaiting the relay</source>
        <translation>현금영수증 승인 대기</translation>
    </message>
    <message>
        <source>Cashback confirmed by the server</source>
        <translation>확정 캐시백</translation>
    </message>
    <message>
        <source>Cash drawer</source>
        <translation>현금 서랍</translation>
    </message>
    <message>
        <source>Opening float</source>
        <translation>시재금</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>입금</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>출금</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>있어야 할 현금</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>센 현금</translation>
    </message>
    <message>
        <source>Cheongju Pay awaiting the server&apos;s approval: %1 items, %2. Closing is allowed; they are sent when the connection is back.</source>
        <translation>청주페이 승인 대기: %1건, %2. 마감할 수 있으며, 연결되면 자동으로 전송됩니다.</translation>
    </message>
    <message>
        <source>Taxable and tax-exempt sales (after voids and refunds)</source>
        <translation>과세구분별 매출 (취소·환불 반영)</translation>
    </message>
    <message>
        <source>Taxable sales</source>
        <translation>과세 매출</translation>
    </message>
    <message>
        <source>  Supply value</source>
        <translation>  공급가액</translation>
    </message>
    <message>
        <source>  VAT</source>
        <translation>  부가세</translation>
    </message>
    <message>
        <source>Tax-exempt sales</source>
        <translation>면세 매출</translation>
    </message>
    <message>
        <source>VAT %1</source>
        <translation>부가세 %1</translation>
    </message>
    <message>
        <source>  %1 taxable</source>
        <translation>  %1 과세</translation>
    </message>
    <message>
        <source>  %1 tax-exempt</source>
        <translation>  %1 면세</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>과부족 없음</translation>
    </message>
    <message>
        <source>Over %1</source>
        <translation>%1 남음</translation>
    </message>
    <message>
        <source>Short %1</source>
        <translation>%1 부족</translation>
    </message>
    <message>
        <source>Over / short</source>
        <translation>과부족</translation>
    </message>
</context>
<context>
    <name>ShopPages</name>
    <message>
        <source>Products and stock</source>
        <extracomment>Change kinds after which each screen reloads. Someone signed in at the till (the PIN dialog closed): what waited for it may show.</extracomment>
        <translation>상품·재고</translation>
    </message>
    <message>
        <source>Online listings</source>
        <translation>온라인 판매</translation>
    </message>
    <message>
        <source>Payments and refunds</source>
        <translation>결제 내역·환불</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>마감정산</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>매출</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Nobody signed in · Ctrl+L</source>
        <translation>로그인한 직원 없음 · Ctrl+L</translation>
    </message>
    <message>
        <source>%1 · Ctrl+L locks</source>
        <translation>%1 · Ctrl+L 잠금</translation>
    </message>
    <message>
        <source>%1 (%2) · Ctrl+L locks</source>
        <translation>%1 (%2) · Ctrl+L 잠금</translation>
    </message>
    <message>
        <source>Online orders</source>
        <translation>온라인 주문</translation>
    </message>
    <message>
        <source>New online orders: %1 · see them with Ctrl+3</source>
        <translation>새 온라인 주문 %1건 · Ctrl+3에서 확인하세요</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>공지사항</translation>
    </message>
    <message>
        <source>New notices: %1</source>
        <translation>새 공지 %1건</translation>
    </message>
    <message>
        <source>Unread notices: %1 · Ctrl+9</source>
        <translation>안 읽은 공지 %1건 · Ctrl+9</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Who is at the till?</source>
        <translation>누가 계산하나요?</translation>
    </message>
    <message>
        <source>Type your PIN and press Enter. ↑/↓ picks a name first.</source>
        <translation>PIN을 입력하고 Enter를 누르세요. ↑/↓로 이름을 먼저 고를 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>SplitPaymentDialog</name>
    <message>
        <source>Split payment (Ctrl+S)</source>
        <translation>복합결제 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cash price %1 · all Cheongju Pay %2</source>
        <translation>현금가 %1 · 청주페이 전액 %2</translation>
    </message>
    <message>
        <source>Won by Cheongju Pay</source>
        <translation>청주페이로 낼 금액(원)</translation>
    </message>
    <message>
        <source>Scan the customer&apos;s QR, or type the Cheongju Pay card approval no.</source>
        <translation>고객 결제 QR을 읽히거나 청주페이 카드 승인번호를 입력</translation>
    </message>
    <message>
        <source>Won on the card terminal</source>
        <translation>카드 단말기 금액(원)</translation>
    </message>
    <message>
        <source>Cash handed over</source>
        <translation>받은 현금</translation>
    </message>
    <message>
        <source>Cheongju Pay amount</source>
        <translation>청주페이 금액</translation>
    </message>
    <message>
        <source>QR or card approval no.</source>
        <translation>QR 또는 카드 승인번호</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>카드 단말기</translation>
    </message>
    <message>
        <source>Record split payment (Enter)</source>
        <translation>복합결제 기록 (Enter)</translation>
    </message>
    <message>
        <source>Type the cash handed over (%1 due), then Enter.</source>
        <translation>받은 현금을 입력하고 Enter를 누르세요 (현금 %1).</translation>
    </message>
    <message>
        <source>Special discount (Cheongju Pay share) %1</source>
        <translation>특별할인 (청주페이 결제분) %1</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>결제금액 %1</translation>
    </message>
    <message>
        <source>Rest %1: cash %2, card terminal %3</source>
        <translation>나머지 %1: 현금 %2, 카드 단말기 %3</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>거스름돈 %1</translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation>부족 %1</translation>
    </message>
</context>
<context>
    <name>StaffForm</name>
    <message>
        <source>Staff member</source>
        <translation>직원</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>권한</translation>
    </message>
    <message>
        <source>PIN (4+ digits)</source>
        <translation>PIN (숫자 4자리 이상)</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Add (Ins)</source>
        <translation>추가 (Ins)</translation>
    </message>
    <message>
        <source>Change role (F2)</source>
        <translation>권한 변경 (F2)</translation>
    </message>
    <message>
        <source>Reset PIN (F3)</source>
        <translation>PIN 재설정 (F3)</translation>
    </message>
    <message>
        <source>Deactivate (Del)</source>
        <translation>비활성화 (Del)</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>비활성</translation>
    </message>
    <message>
        <source>Added.</source>
        <translation>추가했습니다.</translation>
    </message>
    <message>
        <source>Role changed.</source>
        <translation>권한을 바꿨습니다.</translation>
    </message>
    <message>
        <source>PIN reset.</source>
        <translation>PIN을 재설정했습니다.</translation>
    </message>
    <message>
        <source>Deactivated.</source>
        <translation>비활성화했습니다.</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>Backing up…</source>
        <translation>백업 중…</translation>
    </message>
    <message>
        <source>Converting data…</source>
        <translation>데이터 변환 중…</translation>
    </message>
    <message>
        <source>Checking backups…</source>
        <translation>백업 확인 중…</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>복원 중…</translation>
    </message>
    <message>
        <source>Checking records… %1%</source>
        <translation>기록 확인 중… %1%</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>No cashback at this shop</source>
        <translation>캐시백 미적립 가맹점</translation>
    </message>
    <message>
        <source>Customers can still pay with Cheongju Pay, but no cashback is credited (the receipt says so).</source>
        <translation>청주페이 결제는 가능하지만 캐시백은 적립되지 않습니다 (영수증에도 표시됩니다).</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Receive goods</source>
        <translation>입고</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>재고 실사</translation>
    </message>
    <message>
        <source>Adjust stock</source>
        <translation>재고 조정</translation>
    </message>
    <message>
        <source> g</source>
        <translation>g</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>파손</translation>
    </message>
    <message>
        <source>Past its date</source>
        <translation>유통기한 경과</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>분실</translation>
    </message>
    <message>
        <source>Other (write a note)</source>
        <translation>기타 (메모 필수)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>상품</translation>
    </message>
    <message>
        <source>In stock now</source>
        <translation>현재 재고</translation>
    </message>
    <message>
        <source>Quantity received</source>
        <translation>입고 수량</translation>
    </message>
    <message>
        <source>Counted on the shelf</source>
        <translation>실사 수량</translation>
    </message>
    <message>
        <source>Change (+ or -)</source>
        <translation>증감 (+ 또는 -)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>메모</translation>
    </message>
</context>
<context>
    <name>StockWords</name>
    <message>
        <source>Low stock</source>
        <translation>재고 부족</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>품절</translation>
    </message>
    <message>
        <source>Oversold: more sold than there was</source>
        <translation>초과 판매: 재고보다 많이 팔림</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>%1s</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>Sending %v / %m</source>
        <translation>전송 중 %v / %m</translation>
    </message>
    <message>
        <source>● Not enrolled: payments are kept on this PC</source>
        <translation>● 서버 미등록: 결제는 이 PC에 보관됩니다</translation>
    </message>
    <message>
        <source>● Sending stopped: record mismatch at seq %1 (E403)</source>
        <translation>● 전송 중단: 기록 불일치 (기록 번호 %1, E403)</translation>
    </message>
    <message>
        <source>● Revoked by Cheongju Pay: no Cheongju Pay payments; enrol again (F7)</source>
        <translation>● 등록 취소됨: 청주페이 결제 불가, 다시 등록하세요 (F7)</translation>
    </message>
    <message>
        <source>● Enrol this device again (F7)</source>
        <translation>● 단말기를 다시 등록해 주세요 (F7)</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 온라인</translation>
    </message>
    <message>
        <source>● Offline: payments are kept until synced</source>
        <translation>● 오프라인: 결제는 전송될 때까지 보관됩니다</translation>
    </message>
    <message>
        <source>Unsent: %1 · unconfirmed %2</source>
        <translation>미전송 %1건 · 미승인 %2</translation>
    </message>
    <message>
        <source> · oldest %1</source>
        <translation> · 최장 %1 대기</translation>
    </message>
    <message>
        <source>Last sync %1</source>
        <translation>마지막 동기화 %1</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1시간 %2분</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <source>⚠ PC clock %1 behind the server: set the Windows clock</source>
        <translation>⚠ PC 시계가 서버보다 %1 늦습니다: 기록은 서버 시각으로 합니다. Windows 시계를 맞춰 주세요</translation>
    </message>
    <message>
        <source>⚠ PC clock %1 ahead of the server: set the Windows clock</source>
        <translation>⚠ PC 시계가 서버보다 %1 빠릅니다: 기록은 서버 시각으로 합니다. Windows 시계를 맞춰 주세요</translation>
    </message>
</context>
<context>
    <name>TenderDialog</name>
    <message>
        <source>Cash or card terminal</source>
        <extracomment>The sale&apos;s cash receipt as recorded (asked for, or self-issued by the rule).</extracomment>
        <translation>현금 / 카드 단말기</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>결제금액 %1</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>카드 단말기</translation>
    </message>
    <message>
        <source>Cheongju Pay merchant QR (Ctrl+M)</source>
        <translation>청주페이 가맹점 QR (Ctrl+M)</translation>
    </message>
    <message>
        <source>Split payment (Ctrl+S)</source>
        <translation>복합결제 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cheongju Pay card (Ctrl+J)</source>
        <translation>청주페이 카드 (Ctrl+J)</translation>
    </message>
    <message>
        <source>Cash received (won)</source>
        <translation>받은 금액 (원)</translation>
    </message>
    <message>
        <source>Record cash sale (Enter)</source>
        <translation>현금 결제 기록 (Enter)</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>받은 금액</translation>
    </message>
    <message>
        <source>Cash receipt (F4)</source>
        <translation>현금영수증 (F4)</translation>
    </message>
    <message>
        <source>Income deduction (mobile or card)</source>
        <translation>소득공제 (휴대전화·카드)</translation>
    </message>
    <message>
        <source>Expense proof (business number)</source>
        <translation>지출증빙 (사업자번호)</translation>
    </message>
    <message>
        <source>Mobile, card or business number</source>
        <translation>휴대전화, 카드 또는 사업자번호</translation>
    </message>
    <message>
        <source>Mandatory-issuance shop: without a number this sale&apos;s cash receipt is issued to 010-000-1234 (self-issued).</source>
        <translation>의무발행업종: 번호가 없으면 이 판매의 현금영수증은 010-000-1234로 자진발급됩니다.</translation>
    </message>
    <message>
        <source>Cash receipt to %1</source>
        <translation>현금영수증 발급 번호: %1</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>거스름돈 %1</translation>
    </message>
    <message>
        <source>Short by %1</source>
        <translation>%1 부족</translation>
    </message>
    <message>
        <source>Charge %1 on the card terminal, then confirm it was approved.</source>
        <translation>카드 단말기에서 %1을 결제한 뒤 승인되었는지 확인해 주세요.</translation>
    </message>
    <message>
        <source>The terminal approved the payment</source>
        <translation>단말기에서 승인되었습니다</translation>
    </message>
    <message>
        <source>Record card sale</source>
        <translation>카드 결제 기록</translation>
    </message>
    <message>
        <source>Part by Cheongju Pay (QR or Cheongju Pay card), the rest in cash or on the card terminal: the special discount applies to the Cheongju Pay part only.</source>
        <translation>일부는 청주페이(QR 또는 청주페이 카드)로, 나머지는 현금이나 카드 단말기로 받습니다. 특별할인은 청주페이 결제분에만 적용됩니다.</translation>
    </message>
    <message>
        <source>Charge %1 (Cheongju Pay price) to the Cheongju Pay card on the terminal, then type or scan the approval number from its slip.</source>
        <translation>단말기에서 청주페이 카드로 %1(청주페이 가격)을 결제한 뒤, 전표의 승인번호를 입력하거나 스캔하세요.</translation>
    </message>
    <message>
        <source>Approval number (8 digits)</source>
        <translation>승인번호 (8자리)</translation>
    </message>
    <message>
        <source>Record Cheongju Pay card sale</source>
        <translation>청주페이 카드 결제 기록</translation>
    </message>
    <message>
        <source>The customer display shows a QR for %1; the customer pays it with the Cheongju Pay app and the sale is recorded when the server confirms.</source>
        <translation>고객 화면에 %1 결제 QR이 표시됩니다. 고객이 청주페이 앱으로 결제하고 서버가 확인하면 판매가 기록됩니다.</translation>
    </message>
    <message>
        <source>Show the merchant QR (Ctrl+M)</source>
        <translation>가맹점 QR 표시 (Ctrl+M)</translation>
    </message>
    <message>
        <source>Asking the server for the QR...</source>
        <translation>서버에 QR을 요청하는 중입니다...</translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>Subtotal</source>
        <translation>합계</translation>
    </message>
    <message>
        <source>Amount to pay (Cheongju Pay)</source>
        <translation>결제할 금액 (청주페이)</translation>
    </message>
    <message>
        <source>Cashback (up to)</source>
        <translation>캐시백 예정 (최대)</translation>
    </message>
    <message>
        <source>Cheongju Pay special discount %1</source>
        <translation>청주페이 특별할인 %1</translation>
    </message>
    <message>
        <source>No cashback at this shop</source>
        <translation>캐시백 미적립 가맹점</translation>
    </message>
    <message>
        <source>Scan the customer&apos;s Cheongju Pay QR to pay</source>
        <translation>고객의 청주페이 결제 QR을 스캔하면 결제됩니다</translation>
    </message>
    <message>
        <source>Scan a product or type an amount (F2)</source>
        <translation>상품을 스캔하거나 금액을 입력하세요 (F2)</translation>
    </message>
    <message>
        <source>Refunded in full</source>
        <translation>전액 환불됨</translation>
    </message>
    <message>
        <source>Partly refunded: %1 back</source>
        <translation>부분 환불됨 · %1 환불</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>현금</translation>
    </message>
    <message>
        <source>Amount to pay (cash or card)</source>
        <translation>결제할 금액 (현금·카드)</translation>
    </message>
    <message>
        <source>Cheongju Pay is unavailable until this till is enrolled again (F7). Take cash or card (F5).</source>
        <translation>다시 등록할 때까지 청주페이 결제는 받을 수 없습니다 (F7). 현금이나 카드로 받으세요 (F5).</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <source>Split payment</source>
        <translation>복합결제</translation>
    </message>
    <message>
        <source>Cheongju Pay card</source>
        <translation>청주페이 카드</translation>
    </message>
    <message>
        <source>Cheongju Pay QR</source>
        <translation>청주페이 QR</translation>
    </message>
    <message>
        <source>Cheongju Pay</source>
        <translation>청주페이</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>결제 거절</translation>
    </message>
    <message>
        <source>Approved - %1</source>
        <translation>승인 완료 · %1</translation>
    </message>
    <message>
        <source>Asking the server for approval...</source>
        <translation>서버에 승인 요청 중...</translation>
    </message>
    <message>
        <source>awaiting approval</source>
        <translation>승인 대기</translation>
    </message>
    <message>
        <source>Amount paid (%1)</source>
        <translation>%1 결제 금액</translation>
    </message>
    <message>
        <source>Special discount (Cheongju Pay share)</source>
        <translation>특별할인 (청주페이 결제분)</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>거스름돈 %1</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>받은 금액</translation>
    </message>
    <message>
        <source>Payment voided</source>
        <translation>결제 취소됨</translation>
    </message>
    <message>
        <source>Paid - %1</source>
        <translation>결제 완료 · %1</translation>
    </message>
    <message>
        <source>Cashback credited</source>
        <translation>캐시백 적립</translation>
    </message>
    <message>
        <source>Receipt %1. Scan the next item to start a new sale.</source>
        <translation>영수증 %1. 다음 상품을 스캔하면 새 거래가 시작됩니다.</translation>
    </message>
</context>
<context>
    <name>UpdateBanner</name>
    <message>
        <source>Download: %1 — close the POS, then run it; your records stay.</source>
        <translation>내려받기: %1 — POS를 닫은 뒤 설치 파일을 실행하세요. 기록은 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Installer SHA-256: %1</source>
        <translation>설치 파일 SHA-256: %1</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void last payment</source>
        <translation>직전 결제 취소</translation>
    </message>
    <message>
        <source>Receipt %1 · %2</source>
        <translation>영수증 %1 · %2</translation>
    </message>
    <message>
        <source>Customer request</source>
        <translation>고객 요청</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>금액 오류</translation>
    </message>
    <message>
        <source>Charged twice</source>
        <translation>중복 결제</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>기타</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>관리자 PIN</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>취소 사유</translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation>결제 취소</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
</TS>
