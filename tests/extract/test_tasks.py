"""Tasks: directives, plans and assignees on sentences in the style of Vietnamese local news."""
import pytest

from hl_extract.extract import statements, tasks
from hl_extract.language.doc import Doc


def _tasks(text, date="2017-07-10"):
    doc = Doc(text, date, "t")
    return tasks.extract(doc, statements.extract(doc))


def _rows(text, date="2017-07-10"):
    return {(t.kind, t.assignee, t.due_end) for t in _tasks(text, date)}


@pytest.mark.parametrize("text, want", [
    # the assignee stops where a clause opens ("là dù …", "trực tiếp quản lý …")
    ("Ông Trần Châu nói: “Tôi đã chỉ đạo tổ thẩm định độc lập là dù ngư dân có rút đơn vẫn kiểm tra toàn "
     "diện tất cả tàu bị hỏng và báo cáo cho UBND tỉnh trong tuần này”.", ("directive", "tổ thẩm định độc lập", "")),
    ("Người này cho biết đang đề nghị đội QLTT số 16 trực tiếp quản lý địa bàn báo cáo.",
     ("directive", "đội QLTT số 16", "")),
    # a list that ends in "ngành" before the verb
    ("Hà Nội yêu cầu các sở, ngành báo cáo hàng tuần, trên cơ sở đó đánh giá cán bộ.",
     ("directive", "các sở, ngành", "")),
    ("UBND thành phố đã chỉ đạo các cấp, các ngành thực hiện các quy định về công khai, minh bạch.",
     ("directive", "các cấp, các ngành", "")),
    # a photo credit glued to the next sentence ends the first directive
    ("Bí thư Nguyễn Văn An yêu cầu Sở Xây dựng nghiên cứu xây nhà giá rẻ - Ảnh: Ngọc Tiến Tại buổi làm việc, "
     "Bí thư Nguyễn Văn An yêu cầu sở ngành liên quan báo cáo về nhu cầu nhà ở của công nhân.",
     ("directive", "sở ngành liên quan", "")),
    # "yêu cầu, X làm …"
    ("Bí thư Nguyễn Văn An yêu cầu, Sở Xây dựng làm việc với chủ đầu tư các dự án để hạ giá.",
     ("directive", "Sở Xây dựng", "")),
    # a second directive joined by "và"
    ("UBND tỉnh đã có công văn chỉ đạo các địa phương tổ chức kiểm tra hồ sơ và yêu cầu Chủ tịch UBND các "
     "huyện, thành phố, thị xã chịu trách nhiệm về tính chính xác của hồ sơ.",
     ("directive", "Chủ tịch UBND các huyện, thành phố, thị xã", "")),
    # the directive is the quotation, the cue comes after it
    ("Phó Thủ tướng Vương Đình Huệ dự hội nghị. “Ngân hàng CSXH cùng các địa phương hoàn thiện thể chế, "
     "làm sao để thủ tục đơn giản nhất…” - Phó Thủ tướng lưu ý.", ("directive", "các địa phương", "")),
    # plans: an agent, a word that looks ahead, an action and a time to come
    ("“Để hoàn thành chỉ tiêu tăng trưởng cả năm, UBND TP Hà Nội sẽ quyết liệt chỉ đạo các ngành triển khai "
     "đồng bộ các giải pháp để hoàn thành các chỉ tiêu năm 2017”, ông Nguyễn Đức Chung đề nghị.",
     ("plan", "UBND TP Hà Nội", "2017-12-31")),
    ("Hiện tại, các địa phương trong tỉnh đang tiếp tục rà soát để hoàn thành dứt điểm công tác chi trả "
     "trước ngày 15/7/2017.", ("plan", "các địa phương trong tỉnh", "2017-07-15")),
    ("TP.HCM đã lên kế hoạch thực hiện các dự án kéo giảm ùn tắc giao thông trong năm 2017.",
     ("plan", "TP.HCM", "2017-12-31")),
    # a bare company is the one named earlier
    ("Công ty Cổ phần Đại Dương đóng tàu cho ngư dân. Ông Muộn yêu cầu Công ty phải có trách nhiệm với tàu.",
     ("directive", "Công ty Cổ phần Đại Dương", "")),
])
def test_tasks_found(text, want):
    assert want in _rows(text)


@pytest.mark.parametrize("text, assignee", [
    # collectives and things are no assignees
    ("Kết luận hội nghị, Bí thư Thị ủy Lê Thành Đông đề nghị các tổ chức trong hệ thống chính trị cần tập "
     "trung, quyết tâm cao trong thực hiện các nhiệm vụ.", "các tổ chức trong hệ thống chính trị"),
    ("Đối với Ủy ban MTTQ và các tổ chức đoàn thể đẩy mạnh công tác tuyên truyền.", "các tổ chức đoàn thể"),
    ("Ông Lê Hoàng Châu đề xuất các dự án hoành tráng mà nếu được thực hiện sẽ góp phần thay đổi diện mạo.",
     "các dự án hoành tráng"),
    ("“Mong những tấm lòng hảo tâm giúp đỡ cho cháu”, ông Hoanh nói.", "những tấm lòng hảo tâm"),
    # an appeal, a hypothetical, an announced directive
    ("Các thành phố có thể kêu gọi doanh nghiệp đầu tư vào những khu vực ngoại thành.", "doanh nghiệp"),
    ("Trong kế hoạch của Sở Xây dựng, đang kêu gọi các doanh nghiệp đầu tư, xây dựng nhà ở xã hội.",
     "các doanh nghiệp"),
    ("Chúng tôi sẽ đề xuất doanh nghiệp đang khai thác hai khu công nghiệp này dành quỹ đất.", "doanh nghiệp"),
    # a briefing is no assignment; a speaker's own request has no assignee
    ("Sáng 6/2, tại cuộc họp giao ban với các sở, ngành, Chủ tịch UBND TP Nguyễn Đức Chung yêu cầu Giám đốc "
     "Sở GDĐT báo cáo.", "ban"),
    ("Ông Lê Hoàng Châu cho biết: “Hiệp hội đề nghị hỗ trợ tín dụng ưu đãi cho các dự án nhà ở xã hội”.",
     "Hiệp hội"),
    # plans need an agent and a time still to come
    ("Hội nghị sẽ tập trung đánh giá kết quả thu hút đầu tư đến năm 2020.", "Hội nghị"),
    ("Các hộ dân sẽ được hỗ trợ vào năm 2018.", "Các hộ dân"),
])
def test_not_assignees(text, assignee):
    assert assignee not in {t.assignee for t in _tasks(text)}


def test_briefing_keeps_the_real_directive():
    rows = _rows("Sáng 6/2, tại cuộc họp giao ban với các sở, ngành, Chủ tịch UBND TP Nguyễn Đức Chung yêu cầu "
                 "Giám đốc Sở GDĐT báo cáo về 2 vụ việc nóng.")
    assert rows == {("directive", "Giám đốc Sở GDĐT", "")}


@pytest.mark.parametrize("phrase, agent", [
    ("các sở, ngành", True), ("các đồng chí", True), ("các Sở, ban, ngành", True), ("UBND Thị xã", True),
    ("các tổ chức đoàn thể", False), ("những tấm lòng hảo tâm", False), ("các dự án hoành tráng", False),
])
def test_is_agent(phrase, agent):
    assert tasks.is_agent(phrase) is agent


def test_plan_with_the_time_before_the_action():
    rows = _rows("Theo chỉ đạo của Thủ tướng, Bộ Giao thông đã họp và dự kiến trong tháng 10/2018 sẽ báo cáo "
                 "Chính phủ.", "2018-09-01")
    assert ("plan", "Bộ Giao thông", "2018-10-31") in rows


@pytest.mark.parametrize("text, want", [
    # a verb that is never part of a name ends the assignee ("các trường" | "chủ động …")
    ("Sở đã yêu cầu các trường chủ động xây dựng kế hoạch ôn tập cho học sinh.", ("directive", "các trường", "")),
    ("Bộ yêu cầu Tổng cục Đường bộ phải truy thu số tiền thu sai của nhà đầu tư.",
     ("directive", "Tổng cục Đường bộ", "")),
    # a verb inside a ministry's name, an item of a list of nouns
    ("Phó Thủ tướng giao Bộ Kế hoạch và đầu tư chủ trì thẩm định lại dự án.",
     ("directive", "Bộ Kế hoạch và đầu tư", "")),
    ("UBND tỉnh chỉ đạo các cơ quan, tổ chức, cá nhân liên quan đôn đốc thu hồi các khoản nợ.",
     ("directive", "các cơ quan, tổ chức, cá nhân liên quan", "")),
    # the assignee stops before a clause ("sau khi …", "sẽ …"); "hủy" opens an action
    ("Người dân mong muốn UBND huyện sau khi nghe ý kiến sẽ xây dựng phương án hỗ trợ hợp lý.", ("directive", "UBND huyện", "")),
    ("Thành ủy yêu cầu Công ty Hòa Bình huỷ hợp đồng chuyển nhượng khu đất.", ("directive", "Công ty Hòa Bình", "")),
    # a prepositional phrase after the assignee ("căn cứ …", "bằng các biện pháp …") is not its name
    ("Thủ tướng yêu cầu Bộ Nội vụ căn cứ chức năng, nhiệm vụ, kiểm tra các vụ việc báo chí phản ánh.",
     ("directive", "Bộ Nội vụ", "")),
    ("Đồng chí Chủ tịch đề nghị cán bộ, chiến sỹ công an huyện bằng các biện pháp nghiệp vụ tiếp tục đấu tranh "
     "làm rõ động cơ của các đối tượng.", ("directive", "cán bộ, chiến sỹ công an huyện", "")),
])
def test_assignee_ends_at_the_action(text, want):
    assert want in _rows(text), _rows(text)


@pytest.mark.parametrize("text", [
    # "giao" inside another word, "trường hợp" is no agent
    "Theo người phát ngôn Bộ Ngoại giao Lào, kế hoạch tổ chức hội nghị đang diễn ra suôn sẻ.",
    "Vụ việc đã được bàn giao cho Công an huyện tiếp tục điều tra.",
    "Đối với các trường hợp hành khách làm mất thẻ, không xuất trình được thẻ, nhân viên sẽ thu phí toàn tuyến.",
])
def test_no_assignment(text):
    assert _tasks(text) == [], _rows(text)


def test_a_bare_ward_registers_as_the_ward_named_before():
    text = ("Đồng chí Phạm Thị Nga, Chủ tịch UBND phường Đậu Liêu: Phường đã hỗ trợ 4 hộ nghèo làm nhà. "
            "Phường đăng ký đạt chuẩn đô thị văn minh vào năm 2023.")
    doc = Doc(text, "2022-06-01", "t")
    rows = [(t.assignee, t.kind, t.due_end) for t in tasks.extract(doc, statements.extract(doc))
            if t.kind == "registration"]
    assert rows == [("phường Đậu Liêu", "registration", "2023-12-31")]


@pytest.mark.parametrize("text, due", [
    # a time before the directive in another clause is no deadline
    ("Kết luận hội nghị, đồng chí Lê Thành Đông ghi nhận những kết quả đạt được trong quý I, đồng thời yêu cầu "
     "các thành viên Ban chỉ đạo bám sát cơ sở.", ""),
    # … but a deadline that opens the sentence is
    ("Trước ngày 30/11, giao phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí.", "2024-11-30"),
])
def test_deadline_before_the_directive(text, due):
    doc = Doc(text, "2024-04-10", "t")
    rows = [t.due_end for t in tasks.extract(doc, statements.extract(doc)) if t.kind == "directive"]
    assert rows and rows[0] == due, rows


@pytest.mark.parametrize("phrase, want", [
    ("các thành viên Ban chỉ đạo, UBND các phường, xã", ["các thành viên Ban chỉ đạo", "UBND các phường, xã"]),
    ("phòng Tài chính - Kế hoạch, phòng LĐTB&XH", ["phòng Tài chính - Kế hoạch", "phòng LĐTB&XH"]),
    ("các phòng, ban, ngành", ["các phòng, ban, ngành"]),
    ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"]),
])
def test_an_office_after_a_comma_is_a_second_assignee(phrase, want):
    assert tasks.split_assignees(phrase) == want


def test_a_directive_takes_its_sentences_deadline():
    """The deadline after a `;` still belongs to the directive when no other one starts; when
    another directive starts, the deadline is that one's."""
    t = ("Phó Chủ tịch UBND huyện yêu cầu Phòng Giao dịch NHCSXH huyện đẩy nhanh tiến độ giải ngân nguồn vốn; "
         "thực hiện đối chiếu nợ theo đúng chỉ đạo của ngân hàng cấp trên, nâng cao chất lượng tín dụng "
         "trong năm 2019.")
    assert ("directive", "Phòng Giao dịch NHCSXH huyện", "2019-12-31") in _rows(t, "2019-01-20")
    t2 = ("Phó Chủ tịch UBND huyện yêu cầu Phòng Giao dịch NHCSXH huyện đẩy nhanh tiến độ giải ngân nguồn vốn; "
          "đồng thời yêu cầu UBND các xã báo cáo trong năm 2019.")
    assert _rows(t2, "2019-01-20") == {("directive", "Phòng Giao dịch NHCSXH huyện", ""),
                                       ("directive", "UBND các xã", "2019-12-31")}


@pytest.mark.parametrize("text", [
    # what was done is no task ("… đã …" closes the would-be assignee)
    "Sau đó, TAND tối cao có công văn đề nghị cấp kinh phí, TAND cấp cao tại Hà Nội đã tiến hành chi trả.",
    "Có 401 nhiệm vụ Chính phủ giao cho Thái Bình, kết quả tỉnh đã hoàn thành 100%.",
])
def test_narration_is_no_task(text):
    assert not [t for t in _tasks(text) if t.assignee.endswith(" đã") or "đã" in t.assignee.split()[-1:]]



@pytest.mark.parametrize("text, want", [
    # a leader's guidance: an agent before "cần", the next item ("Cần …") is the same agent's
    ("Phát biểu chỉ đạo tại hội nghị, đồng chí Nguyễn Văn A, Bí thư Huyện ủy nhấn mạnh: UBND huyện cần xác "
     "định lại các cây trồng chủ lực; Cần tập trung xây dựng mô hình nông nghiệp công nghệ cao trước ngày "
     "30/6; Huyện cần quan tâm tạo điều kiện cho các hợp tác xã.",
     {("directive", "UBND huyện", ""), ("directive", "UBND huyện", "2019-06-30"), ("directive", "Huyện", "")}),
    # the agent after a comma that ends another clause ("… trong năm 2019, Công an huyện cần …")
    ("Phát biểu tại hội nghị, Đại tá Trần Văn B biểu dương những mặt đạt được, đồng thời chỉ ra những nhiệm vụ "
     "trong năm 2019, Công an huyện cần tiếp tục đảm bảo an ninh trật tự.",
     {("directive", "Công an huyện", "2019-12-31")}),
    # a list agent keeps its comma ("các sở, ngành cần …")
    ("Chủ tịch UBND tỉnh Nguyễn Văn C nhấn mạnh: các sở, ngành cần rà soát các dự án chậm tiến độ.",
     {("directive", "các sở, ngành", "")}),
    # the items of a directive's list, each with its own agent; a verb item is the previous agent's
    ("Kết luận hội nghị, đồng chí Nguyễn Văn D - Phó Chủ tịch UBND huyện yêu cầu các cơ quan, đơn vị thực hiện "
     "tốt các nhiệm vụ trọng tâm như: Các xã, thị trấn thực hiện tốt lịch tiếp công dân định kỳ; các xã cần nêu "
     "cao trách nhiệm của người đứng đầu; Phòng Nông nghiệp và phát triển nông thôn huyện, thống kê cụ thể các "
     "tiêu chí nông thôn mới; tăng cường quản lý bảo vệ rừng trước ngày 31/7.",
     {("directive", "các cơ quan, đơn vị", ""), ("directive", "Các xã, thị trấn", ""), ("directive", "các xã", ""),
      ("directive", "Phòng Nông nghiệp và phát triển nông thôn huyện", ""),
      ("directive", "Phòng Nông nghiệp và phát triển nông thôn huyện", "2019-07-31")}),
])
def test_obligations_and_lists_in_a_leaders_words(text, want):
    assert _rows(text, "2019-01-20") == want


@pytest.mark.parametrize("text", [
    # an answer, not guidance
    "Ông Hùng trả lời: “Nhu cầu lớn quá, TP phải làm từng bước”.",
    # what must be, not what must be done
    "Anh Bùi Quang Huy nhấn mạnh Ban chấp hành khoá mới phải là đội ngũ tiêu biểu về tính xung kích.",
    # a horizon is no deadline, and no agent names the obligation ("Quá trình … cần")
    "Đồng chí Phan Văn E nhấn mạnh: Quá trình định hướng đến năm 2030 cần chú trọng liên kết trong sản xuất.",
])
def test_no_task_from_these_obligations(text):
    assert _rows(text, "2019-01-20") == set()


def test_a_clause_that_assigns_nothing_ends_the_agents_run():
    # "…; tỷ lệ … còn thấp; Cần …": the "Cần …" after a plain observation is nobody's task
    text = ("Phát biểu tại hội nghị, đồng chí Nguyễn Văn A, Bí thư Huyện ủy ghi nhận những kết quả Hội đạt được. "
            "Đồng thời, đề nghị Hội Nông dân huyện rà soát các xã chưa có quỹ hỗ trợ nông dân; tỷ lệ nông dân "
            "tham gia bảo hiểm y tế còn thấp; Cần nâng cao chất lượng hoạt động của chi hội.")
    got = [(t.assignee, t.action) for t in _tasks(text, "2019-01-20")]
    assert got == [("Hội Nông dân huyện", "rà soát các xã chưa có quỹ hỗ trợ nông dân")]


@pytest.mark.parametrize("text, want", [
    # after a place name the assignee ends at the next lower-case word, known verb or not
    ("Kiểm toán Nhà nước đã yêu cầu tỉnh Phú Yên giải trình sau khi phát hiện nhiều dấu hiệu bất thường.",
     [("tỉnh Phú Yên", "giải trình")]),
    ("Công ty kiến nghị thành phố Đà Nẵng cho phép thay đổi hình thức đầu tư dự án.",
     [("thành phố Đà Nẵng", "cho phép")]),
    ("Bộ Giao thông đề nghị tỉnh Bắc Ninh cho phép doanh nghiệp tiếp tục nạo vét.",
     [("tỉnh Bắc Ninh", "cho phép")]),
    # …but a place, a joining word or a unit word alone goes on
    ("UBND tỉnh yêu cầu UBND huyện Cẩm Xuyên và xã Cẩm Hà khẩn trương hoàn thành việc bồi thường.",
     [("UBND huyện Cẩm Xuyên", "khẩn trương"), ("xã Cẩm Hà", "khẩn trương")]),
    ("Chủ tịch UBND tỉnh yêu cầu các xã thuộc huyện Kỳ Anh rà soát lại danh sách hộ nghèo.",
     [("các xã thuộc huyện Kỳ Anh", "rà soát")]),
    ("UBND tỉnh yêu cầu UBND huyện này nhanh chóng rà soát và báo cáo.",
     [("UBND huyện này", "nhanh chóng")]),
    # a unit word alone ends it too, and "có liên quan" goes on
    ("Đoàn giám sát kiến nghị thành phố giám sát chặt, không để lãng phí vốn đầu tư.",
     [("thành phố", "giám sát chặt")]),
    ("UBND tỉnh yêu cầu các sở, ngành, quận - huyện có liên quan khẩn trương tham mưu thực hiện.",
     [("các sở, ngành, quận - huyện có liên quan", "khẩn trương")]),
    # verbs of discipline and of courts end it ("kiểm điểm", "tuyên")
    ("Thủ tướng yêu cầu Tập đoàn Dầu khí kiểm điểm làm rõ trách nhiệm của tập thể, cá nhân.",
     [("Tập đoàn Dầu khí", "kiểm điểm")]),
    ("Viện kiểm sát đề nghị HĐXX tuyên phạt bị cáo từ 7 đến 10 năm tù.", [("HĐXX", "tuyên phạt")]),
    # a noun that holds a verb is not cut inside
    ("UBND tỉnh giao cho nhà đầu tư hoàn thành dự án trước ngày 30/6.", [("nhà đầu tư", "hoàn thành")]),
    ("Sở Xây dựng yêu cầu chủ đầu tư dừng thi công các hạng mục trái phép.", [("chủ đầu tư", "dừng thi công")]),
    ("UBND tỉnh yêu cầu Ban quản lý các dự án đầu tư xây dựng tỉnh khẩn trương hoàn thành.",
     [("Ban quản lý các dự án đầu tư xây dựng tỉnh", "khẩn trương")]),
    # an adverb is no part of the assignee
    ("Thủ tướng yêu cầu TP HCM cũng cần chủ động nghiên cứu các cơ chế đặc thù.", [("TP HCM", "")]),
])
def test_an_assignee_ends_after_its_place(text, want):
    got = [(t.assignee, t.action) for t in _tasks(text, "2018-01-01")]
    assert [g[0] for g in got] == [w[0] for w in want], got
    assert all(a.startswith(w) for (_, a), (_, w) in zip(got, want)), got


def test_a_target_with_no_agent_is_the_plan_of_the_unit_the_article_reports_on():
    text = ("Hội thảo phát triển cây hồ tiêu huyện Đắk Song\n\n"
            "Huyện Đắk Song có trên 75.000 ha đất nông nghiệp. Mục tiêu đến năm 2020 giữ vững diện tích trồng "
            "cây hồ tiêu của huyện khoảng 14.000 ha, sản lượng đạt khoảng 29.000 tấn.")
    got = [(t.kind, t.assignee, t.due_end, t.action[:8]) for t in _tasks(text, "2019-09-16")]
    assert got == [("plan", "huyện Đắk Song", "2020-12-31", "giữ vững")]


@pytest.mark.parametrize("text", [
    # a target another unit of the paragraph may hold: nobody's for sure
    "Hội nghị tại tỉnh Cà Mau.\n\nThủ tướng nêu rõ, Việt Nam có đủ điều kiện phát triển ngành tôm. Mục tiêu "
    "trước năm 2025, phải đạt kim ngạch xuất khẩu ngành tôm 10 tỷ USD.",
    # a past year is no target; a target with no action is a figure
    "Huyện Đắk Song có 75.000 ha đất.\n\nMục tiêu đến năm 2018 giữ vững diện tích trồng cây hồ tiêu.",
    "Huyện Đắk Song có 75.000 ha đất.\n\nMục tiêu đến năm 2020 là 120 hộ thoát nghèo.",
])
def test_targets_that_are_no_plan_of_the_articles_unit(text):
    assert not [t for t in _tasks(text, "2019-09-16") if t.kind == "plan"]


def test_a_directive_whose_action_was_done_is_narration():
    # after the assignee's place, "đã …" tells what was done: no task
    assert _tasks("Báo cáo đề nghị UBND tỉnh Quảng Ninh đã nghiêm cấm việc chuyển đổi đất rừng.") == []
