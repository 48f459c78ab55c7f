"""Statements, names and tasks on sentences of the seed article and sentences in its style."""
import pytest

from hl_extract.extract import statements, tasks
from hl_extract.language.doc import Doc
from hl_extract.common.records import Figure

SEED = (
    "Đồng chí Lê Thành Đông, TUV, Bí thư Thị ủy chủ trì hội nghị.\n\n"
    "Đồng chí Mai Văn Danh, Trưởng phòng LĐTB&XH: 9 tháng đầu năm 2023, có 34 hộ nghèo, hộ cận nghèo "
    "được hỗ trợ xây nhà ở, tiền sử dụng đất ở, tổng kinh phí hơn 2 tỷ160 triệu đồng.\n\n"
    "Đồng chí Đặng Quang Vinh, Trưởng phòng Văn hóa - Thông tin đề nghị các cơ quan, đơn vị liên quan "
    "đẩy nhanh việc thực hiện Nghị quyết 37\n\n"
    "Kết luận hội nghị, Bí thư Thị ủy Lê Thành Đông ghi nhận, biểu dương những kết quả đã đạt được\n\n"
    "Đề nghị HĐND Thị xã rà soát lại các cơ chế, chính sách liên quan.\n\n"
    "Đồng chí Bí thư Thị ủy cũng đề nghị các thành viên Ban chỉ đạo tăng cường bám nắm cơ sở./.\n\n"
    "Tập trung cao (các phường: Nam Hồng, Bắc Hồng, Đậu Liêu đăng ký đạt chuẩn đô thị văn minh vào năm 2024; "
    "phường Đức Thuận và phường Trung Lương đăng ký đạt chuẩn đô thị văn minh vào năm 2025)"
)


def _stmts(text, date=""):
    return statements.extract(Doc(text, date, "t"))


def _starts_like(got, want):
    """Rows equal but for their last field, a text that starts with the wanted one."""
    assert [g[:-1] for g in got] == [w[:-1] for w in want], got
    assert all(g[-1].startswith(w[-1]) for g, w in zip(got, want)), got


def test_seed_statements_speakers_titles_and_coreference():
    got = [(s.speaker, s.title, s.kind, s.text[:20]) for s in _stmts(SEED, "2023-09-15")]
    assert ("Mai Văn Danh", "Trưởng phòng LĐTB&XH", "report", "9 tháng đầu năm 2023") in got
    assert ("Đặng Quang Vinh", "Trưởng phòng Văn hóa - Thông tin", "request", "các cơ quan, đơn vị ") in got
    concl = [g for g in got if g[2] == "conclusion"]
    assert concl and concl[0][0] == "Lê Thành Đông" and concl[0][3].startswith("ghi nhận")
    # the title-only mention resolves to the person named earlier with that office
    assert ("Lê Thành Đông", "request") in [(g[0], g[2]) for g in got if g[3].startswith("các thành viên")]
    # "Chủ trì hội nghị" is no statement
    assert not any(g[3].startswith("chủ trì") for g in got)


def test_conclusion_runs_over_following_paragraph():
    st = [s for s in _stmts(SEED) if s.kind == "conclusion"][0]
    assert "Đề nghị HĐND Thị xã rà soát" in st.text
    assert "thành viên Ban chỉ đạo" not in st.text


def test_figures_inside_statement_are_linked():
    stmts = _stmts(SEED)
    for n, s in enumerate(stmts):
        s.statement_id = f"s{n}"
    i = SEED.index("hơn 2 tỷ160 triệu đồng")
    f = Figure("funding", 2160000000, "vnd", "hơn 2 tỷ160 triệu đồng", i, i + 22)
    g = Figure("count", 1, "item", "x", 0, 1)
    statements.link([f, g], stmts)
    assert f.speaker == "Mai Văn Danh" and f.statement_id
    assert g.speaker == ""


@pytest.mark.parametrize("text, speaker, start", [
    ("Phó Chủ tịch UBND tỉnh Nguyễn Văn Phương cho biết, đến nay tỉnh đã chi trả xong.", "Nguyễn Văn Phương", "đến nay tỉnh"),
    ("Ông Trần Văn Bình, Chủ tịch UBND xã Thuận Lộc, cho biết: “Xã đã hoàn thành 19/19 tiêu chí”.", "Trần Văn Bình", "Xã đã hoàn thành"),
    ("Ông Phạm Sanh, Trưởng thôn 3, kể lại. Ông Sanh cho hay thôn còn 12 hộ nghèo.", "Phạm Sanh", "thôn còn 12"),
    ("“Thôn còn nhiều khó khăn lắm” - ông Phạm Sanh nói.", "Phạm Sanh", "Thôn còn nhiều"),
    ("Ông Hoàng Văn Nam là Chủ tịch xã. Theo ông Nam, năm nay xã có 30 hộ thoát nghèo.", "Hoàng Văn Nam", "năm nay xã"),
    ("Bí thư Huyện ủy Lê Văn Hà phát biểu. Sau đó, Bí thư Huyện ủy khẳng định cần làm quyết liệt hơn.", "Lê Văn Hà", "cần làm quyết liệt"),
    ("Trung tá Nguyễn Văn Hải, Trưởng Công an xã, nhấn mạnh địa bàn đã ổn định.", "Nguyễn Văn Hải", "địa bàn đã ổn định"),
    ("Chủ tịch UBND huyện Trần Văn Tuấn tuyên bố huyện sẽ xử lý dứt điểm các sai phạm.", "Trần Văn Tuấn", "huyện sẽ xử lý"),
    ("“Hai con còn không nuôi nổi”, chị Lê Thị Huệ thở dài.", "Lê Thị Huệ", "Hai con còn không"),
    # a manner or an addressee before the colon: what is said is the quotation
    ("Ông Phạm Sỹ Quý chỉ trả lời ngắn gọn: “Thôi thông cảm cho mình, sự việc đó không trả lời được”.",
     "Phạm Sỹ Quý", "Thôi thông cảm"),
    ("Ông Trần Văn Hùng nói với phóng viên: “Xã đã hỗ trợ 20 hộ”.", "Trần Văn Hùng", "Xã đã hỗ trợ"),
    # a bare given name after the full name was given
    ("Anh Trần Mạnh Hùng là tài xế xe khách. Tại trụ sở công an, Hùng cho biết xe bị hỏng phanh.",
     "Trần Mạnh Hùng", "xe bị hỏng phanh"),
])
def test_attribution_patterns(text, speaker, start):
    got = [(s.speaker, s.text) for s in _stmts(text)]
    assert any(sp == speaker and t.startswith(start) for sp, t in got), got


@pytest.mark.parametrize("text, want", [
    # a second verb of the same speaker opens a second statement at its "và"
    ("Chủ tịch UBND huyện Nguyễn Văn Hải cho biết, năm nay huyện đã hỗ trợ 120 hộ xây nhà và thẳng thắn "
     "chỉ ra, công tác rà soát ở một số xã còn chậm.",
     [("Nguyễn Văn Hải", "năm nay huyện đã hỗ trợ 120 hộ xây nhà"), ("Nguyễn Văn Hải", "công tác rà soát")]),
    # a quotation inside a lead clause is no statement; the clause after the cue is
    ("Cho rằng tình hình “gam sáng nhiều, gam tối cũng có”, Bí thư Tỉnh ủy Lê Đình Sơn nhấn mạnh, tỉ lệ hộ "
     "nghèo của tỉnh giảm nhanh nhưng vùng đồng bào dân tộc còn cao.",
     [("Lê Đình Sơn", "tỉ lệ hộ nghèo của tỉnh")]),
    # a quotation that opens the sentence is the statement; a time phrase after the cue is not
    ("“Xã sẽ hỗ trợ tiếp các hộ còn lại”, ông Trần Văn Bình nói, trong buổi làm việc với đoàn công tác "
     "của tỉnh sáng nay.",
     [("Trần Văn Bình", "Xã sẽ hỗ trợ tiếp các hộ còn lại")]),
    # "Bà Rịa" is a place, not "bà Rịa"
    ("Ông Trần Văn Cường, Giám đốc Sở Tài nguyên và Môi trường tỉnh Bà Rịa - Vũng Tàu, cho biết tỉnh đã thu "
     "hồi 20 ha đất.", [("Trần Văn Cường", "tỉnh đã thu hồi 20 ha đất")]),
    # a photo caption: speaking before an audience says nothing yet
    ("Chủ tịch UBND tỉnh Lê Văn Hà phát biểu trước Hội đồng nhân dân tỉnh sáng 29/10.", []),
    # certifying a document is no statement
    ("Ông Nguyễn Văn Hậu, Chủ tịch UBND phường, đã ký xác nhận cho ông Bình vay vốn ngân hàng.", []),
    # a conclusion that opens with a request is one conclusion
    ("Kết luận hội nghị, đồng chí Lê Văn Hà, Bí thư Thị ủy đề nghị các phòng, ban bám sát cơ sở, tháo gỡ "
     "khó khăn cho các phường.", [("Lê Văn Hà", "đề nghị các phòng")]),
    # "kể cảm thấy" is "kể" (tell), not "kể cả" (including), whatever the order of the rule words
    ("Ông Nguyễn Trung Hoàng bị bắt. Tại cơ quan điều tra, Hoàng kể cảm thấy rất cắn rứt lương tâm.",
     [("Nguyễn Trung Hoàng", "cảm thấy rất cắn rứt")]),
    # a steering committee and attending a meeting are no directives
    ("Đồng chí Trần Văn Tuấn, Phó Chủ tịch UBND thị xã, Trưởng Ban chỉ đạo chủ trì hội nghị.", []),
    ("Đồng chí Lê Văn Hà, Bí thư Thị ủy dự và chỉ đạo hội nghị.", []),
    # "khai thác" (exploit) is no "khai" (declare)
    ("Bí thư Huyện ủy Trần Văn Bình khai mạc hội nghị tổng kết công tác giảm nghèo của huyện.", []),
])
def test_statements_of_one_sentence(text, want):
    got = [(s.speaker, s.text) for s in _stmts(text)]
    assert len(got) == len(want), got
    for (sp, t), (wsp, wstart) in zip(got, want):
        assert sp == wsp and t.startswith(wstart), got
    if len(want) == 2:
        assert "chỉ ra" not in got[0][1]


@pytest.mark.parametrize("text", [
    "Một cán bộ xã cho biết năm nay thôn còn 12 hộ nghèo.",
    "Người dân cho biết con đường đã xuống cấp.",
    "Huyện Hồng Lĩnh cho biết đã hỗ trợ 20 hộ.",
    "Nói chung, kết quả đạt khá.",
    "Anh Trần Mạnh Hùng đến. Tuấn cho biết xe bị hỏng.",        # a name never given in full
])
def test_anonymous_and_places_are_not_speakers(text):
    assert _stmts(text) == []


def test_registrations_one_row_per_ward_with_years():
    doc = Doc(SEED, "2023-09-15", "t")
    rows = [(t.assignee, t.kind, t.due_start, t.due_end, t.due_qualifier)
            for t in tasks.extract(doc, statements.extract(doc)) if t.kind == "registration"]
    assert rows == [
        ("phường Nam Hồng", "registration", "2024-01-01", "2024-12-31", "in"),
        ("phường Bắc Hồng", "registration", "2024-01-01", "2024-12-31", "in"),
        ("phường Đậu Liêu", "registration", "2024-01-01", "2024-12-31", "in"),
        ("phường Đức Thuận", "registration", "2025-01-01", "2025-12-31", "in"),
        ("phường Trung Lương", "registration", "2025-01-01", "2025-12-31", "in"),
    ]


def test_directives_assigner_and_deadline():
    text = ("Kết luận hội nghị, Bí thư Thị ủy Lê Thành Đông ghi nhận kết quả. Giao UBND Thị xã chỉ đạo các "
            "phòng, ban liên quan bám sát thực hiện. Chỉ đạo phòng Quản lý đô thị lên phương án trang trí "
            "ánh sáng đô thị trước ngày 18/11.")
    doc = Doc(text, "2023-09-15", "t")
    rows = {(t.assignee, t.assigner, t.due_end, t.due_qualifier) for t in tasks.extract(doc, statements.extract(doc))}
    assert ("UBND Thị xã", "Lê Thành Đông", "", "") in rows
    assert ("phòng Quản lý đô thị", "Lê Thành Đông", "2023-11-18", "before") in rows
    assert not any(r[0].startswith("các phòng") for r in rows)  # the action of a task is no new task


@pytest.mark.parametrize("phrase, want", [
    ("các ngành công an, biên phòng, hải quan", ["ngành công an", "ngành biên phòng", "ngành hải quan"]),
    ("các sở, ngành", ["các sở, ngành"]),
    ("ngành thuế và các huyện, thành phố", ["ngành thuế", "các huyện, thành phố"]),
    ("Bộ Lao động - thương binh và xã hội", ["Bộ Lao động - thương binh và xã hội"]),
    ("Ngân hàng CSXH cùng các địa phương", ["Ngân hàng CSXH", "các địa phương"]),
])
def test_split_assignees(phrase, want):
    assert tasks.split_assignees(phrase) == want


@pytest.mark.parametrize("text, speaker, start, inside", [
    # a short quoted word between the speaker and the cue; the quotation the sentence opens
    ("Trước mức giá mà ông Hùng đưa ra, Bí thư Nguyễn Văn An “kêu trời” và cho rằng, giá này công nhân "
     "nào mua nổi: “Giá 15 triệu đồng/m2 là quá cao. Giá khoảng 5 triệu đồng/m2 thôi”. Ông Hùng im lặng.",
     "Nguyễn Văn An", "giá này công nhân", "khoảng 5 triệu"),
    # the office alone after a quotation and a dash
    ("Phó Thủ tướng Vương Đình Huệ dự hội nghị. “Ngân hàng CSXH cùng các địa phương hoàn thiện thể chế, "
     "làm sao để thủ tục đơn giản nhất…” - Phó Thủ tướng lưu ý. Tổng dư nợ đạt 27.838 tỷ đồng.",
     "Vương Đình Huệ", "Ngân hàng CSXH", "thể chế"),
    # an adverb between a short name and a weak cue
    ("Ông Lê Văn Khoa, Phó chủ tịch UBND TP, phát biểu. Ông Khoa cũng mong đến năm 2020, Sở Xây dựng "
     "giữ đúng lời hứa.", "Lê Văn Khoa", "đến năm 2020", "lời hứa"),
    # mixed quotation marks “…" with a quoted word inside
    ("Bà Trần Thị Lan, Giám đốc Sở Tài chính, phát biểu. “Thị trường đã nhận được “cú hích” từ năm 2015, "
     "nhờ cải cách\", bà Lan cho biết.", "Trần Thị Lan", "Thị trường đã", "cải cách"),
    # a weak cue with an occasion, then a colon
    ("Ông Nguyễn Văn Hải, Chủ tịch UBND xã, phát biểu tại hội nghị: Xã đã có 30 hộ thoát nghèo.",
     "Nguyễn Văn Hải", "Xã đã có", "30 hộ"),
])
def test_attribution_patterns_more(text, speaker, start, inside):
    got = [(s.speaker, s.text) for s in _stmts(text)]
    assert any(sp == speaker and t.startswith(start) and inside in t for sp, t in got), got


@pytest.mark.parametrize("text", [
    "Ông Nguyễn Văn Tín bức xúc trước việc làm sai trái của HTX dịch vụ nông nghiệp.",
    "Ông Trần Văn Lý, Phó Chủ tịch Tổng LĐLĐ, phát biểu tại buổi làm việc - Ảnh: Ngọc Tiến",
    "Chủ tịch UBND TP Nguyễn Đức Chung đã nói như vậy tại hội nghị giao ban sáng nay.",
    "Ông Đinh La Thăng, Bí thư Thành ủy, đã khảo sát, trao đổi kinh nghiệm về mô hình nhà 100 triệu.",
    "Ông Trần Châu cũng bức xúc khi nhắc lại cuộc làm việc với các công ty đóng tàu.",
])
def test_acts_of_speaking_without_content_are_not_statements(text):
    assert _stmts(text) == []


_FILLER = "Người dân trong xã đã tích cực tham gia các phong trào thi đua của địa phương. " * 16


@pytest.mark.parametrize("tail, inside", [
    # the monologue goes on past the first sentences of the speaker
    ("Thời gian vừa qua, mức hỗ trợ chỉ từ 20 - 30 triệu/học kỳ/trường là quá ít.", True),
    # a new source or a photo credit ends it
    ("Theo đánh giá của UBND tỉnh, mức hỗ trợ 20 - 30 triệu/học kỳ/trường là quá ít.", False),
    ("Giáo viên và học sinh Trường mẫu giáo Việt Anh. Ảnh: M.H Mức hỗ trợ 20 - 30 triệu/học kỳ/trường.", False),
])
def test_colon_statement_in_a_paragraph_without_breaks(tail, inside):
    text = (_FILLER + "Ông Nguyễn Hồng Hoa - Trưởng phòng Giáo dục và Đào tạo huyện Kỳ Sơn: Tại huyện Kỳ Sơn, "
            "việc tăng học phí chủ yếu chỉ tác động đối với học sinh ở khu vực thị trấn. Ở các trường còn lại, "
            "hơn 90% học sinh đều thuộc đối tượng được miễn, giảm học phí. Tôi chỉ hy vọng sẽ có cơ chế cân đối "
            "học phí ở các địa phương để cấp bù cho các huyện khó khăn. " + tail + " " + _FILLER)
    st = [s for s in _stmts(text) if s.speaker == "Nguyễn Hồng Hoa"]
    assert st and st[0].text.startswith("Tại huyện Kỳ Sơn")
    assert ("20 - 30 triệu" in st[0].text) is inside


@pytest.mark.parametrize("text, speaker", [
    # someone or something of a named person is the subject, not the person
    ("Người nhà của ông Lê Văn Tâm cho biết, ông đã đi làm từ sáng sớm.", None),
    ("Bản báo cáo của ông Nguyễn Văn Hòa cho rằng dự án chậm tiến độ do thiếu vốn.", None),
    ("Vợ ông Phạm Văn Lộc kể lại, đêm đó trời mưa rất to.", None),
    # a person in an aside between the speaker and the cue
    ("Bà Trần Thị Hoa (mẹ của em Nguyễn Văn Nam) cho biết, em Nam đã đi học trở lại.", "Trần Thị Hoa"),
])
def test_possessed_subject_is_not_the_speaker(text, speaker):
    got = [s.speaker for s in _stmts(text)]
    assert got == ([speaker] if speaker else []), got


def test_no_office_before_a_possessed_person():
    text = ("Phó Thủ tướng Trương Văn Bình dự họp. Phó Thủ tướng yêu cầu Chủ tịch UBND tỉnh xem xét hành vi "
            "vi phạm của ông Lê Công Tâm để xử lý. Sau đó, Phó Thủ tướng chỉ đạo các sở rà soát lại quy hoạch.")
    got = [(s.speaker, s.text[:12]) for s in _stmts(text)]
    assert ("Trương Văn Bình", "các sở rà so") in got, got
    assert not any(sp == "Lê Công Tâm" for sp, _ in got), got


def test_pronoun_refers_back_to_a_person_of_its_sex():
    text = ("Ông Nguyễn Văn Tùng, Chủ tịch Hội nông dân xã, kể về chuyện cũ. Ông xin lỗi chị Trần Thị Mai "
            "trước hội nghị. “Ai cũng có lúc sai, tôi mong bà con bỏ qua”, ông nói.")
    got = [(s.speaker, s.text[:9]) for s in _stmts(text)]
    assert got == [("Nguyễn Văn Tùng", "Ai cũng c")], got


def test_cue_words_that_are_no_cue():
    text = ("Ông Lê Văn Sơn, Phó chánh Văn phòng UBND tỉnh, tuy chưa có văn bản nhưng kể từ khi khởi tố, "
            "ông Hùng đã thôi điều hành.")
    assert _stmts(text) == []
    text = ("Ông Phạm Văn Phú, người dân phường 5, phát biểu tại buổi họp. “Chúng tôi không đồng ý với việc "
            "chuyển đất cây xanh thành đất ở”. Ông Phú nêu ý kiến.")
    got = [(s.speaker, s.text[:14]) for s in _stmts(text)]
    assert got == [("Phạm Văn Phú", "Chúng tôi khôn")], got


def test_not_cues_are_whole_words():
    """Every not-cue phrase must end at a word boundary ("kể cả" is not "kể cảm")."""
    from hl_extract.common import ruleset
    from hl_extract.language.text import fold
    rx = statements.common._rules()["not_cue"]
    for phrase in ruleset.load("speakers")["not_cues"]:
        low = fold(phrase)
        assert rx.match(low + " x") and not rx.match(low + "m"), phrase


def test_meeting_report_attendance_and_praise():
    """`Dự và chỉ đạo hội nghị có đồng chí X` is attendance, not speech; `Phát biểu chỉ đạo hội
    nghị, đồng chí X ghi nhận những kết quả …` is X's opinion from `những kết quả` on."""
    text = ("Đến dự và chỉ đạo hội nghị có các đồng chí: Đoàn Văn Sự - Phó Bí thư TT Huyện ủy.\n\n"
            "Phát biểu chỉ đạo hội nghị, đồng chí Đoàn Văn Sự ghi nhận những kết quả Hội nông dân huyện "
            "đạt được trong năm 2018.")
    got = [(s.speaker, s.kind, s.text[:16]) for s in _stmts(text, "2019-01-11")]
    assert got == [("Đoàn Văn Sự", "opinion", "những kết quả Hộ")]


def test_a_second_cue_of_the_same_speaker_opens_a_second_statement():
    from hl_extract.extract import statements
    from hl_extract.language.doc import Doc
    text = ("Phát biểu tại hội nghị, Đại tá Phạm Tiến Triệu, Phó Giám đốc Công an tỉnh ghi nhận sự nỗ lực của tập thể "
            "cán bộ chiến sĩ Công an huyện trong 6 tháng đầu năm, đồng thời đề nghị trong thời gian tới tiếp tục "
            "làm tốt công tác phối hợp với các địa phương.")
    got = [(s.speaker, s.kind, s.text[:30]) for s in statements.extract(Doc(text, "2019-07-10"))]
    assert got == [("Phạm Tiến Triệu", "opinion", "sự nỗ lực của tập thể cán bộ c"),
                   ("Phạm Tiến Triệu", "request", "trong thời gian tới tiếp tục l")]


@pytest.mark.parametrize("text, want", [
    # a joiner and a cue opening the next sentence, with no subject: the same speaker's request
    ("Phát biểu tại hội nghị, đồng chí Đoàn Văn Sự - Phó Bí thư huyện ủy ghi nhận những kết quả Hội nông dân "
     "huyện đạt được. Đồng thời, đề nghị hội Nông dân huyện rà soát các xã chưa có quỹ hỗ trợ nông dân.",
     [("Đoàn Văn Sự", "opinion", "những kết quả"), ("Đoàn Văn Sự", "request", "hội Nông dân huyện rà soát")]),
    ("Ông Trần Văn Bình, Chủ tịch UBND huyện cho biết huyện đã báo cáo thực trạng công trình. Đồng thời yêu cầu "
     "Sở Xây dựng sớm bố trí nguồn vốn để hoàn thành công trình.",
     [("Trần Văn Bình", "report", "huyện đã báo cáo"), ("Trần Văn Bình", "request", "Sở Xây dựng sớm bố trí")]),
    ("Ông Trần Văn Bình cho biết huyện còn 120 hộ nghèo. Bên cạnh đó, ông cũng mong muốn ngành điện tiếp tục "
     "hỗ trợ các hộ nghèo trong thôn.",
     [("Trần Văn Bình", "report", "huyện còn 120"), ("Trần Văn Bình", "request", "ngành điện tiếp tục")]),
    # a sentence with a subject of its own is not the speaker's
    ("Ông Trần Văn Bình cho biết huyện còn 120 hộ nghèo. Đồng thời, UBND tỉnh đề nghị các sở hỗ trợ thêm vốn.",
     [("Trần Văn Bình", "report", "huyện còn 120")]),
    # the next paragraph is not the next sentence
    ("Ông Trần Văn Bình cho biết huyện còn 120 hộ nghèo.\n\nĐồng thời, đề nghị các sở hỗ trợ thêm vốn cho huyện.",
     [("Trần Văn Bình", "report", "huyện còn 120")]),
])
def test_a_second_cue_in_the_next_sentence(text, want):
    _starts_like([(s.speaker, s.kind, s.text) for s in _stmts(text, "2019-01-11")], want)


@pytest.mark.parametrize("text, speaker, kind, start", [
    ("Theo chia sẻ của ông Đinh Văn Sơn, cà chua được gia đình trồng gần như quanh năm.",
     "Đinh Văn Sơn", "report", "cà chua được"),
    ("Theo lời kể của bà Ninh Thị Ty, cách đây 7 năm bà đã mua khu đất rộng hơn 11 ha.",
     "Ninh Thị Ty", "report", "cách đây 7 năm"),
    ("Theo nhận định của ông Trần Văn Bình, Chủ tịch UBND huyện, giá tiêu sẽ còn giảm.",
     "Trần Văn Bình", "opinion", "giá tiêu sẽ"),
])
def test_theo_with_a_noun_before_the_speaker(text, speaker, kind, start):
    got = [(s.speaker, s.kind, s.text) for s in _stmts(text)]
    assert len(got) == 1 and got[0][:2] == (speaker, kind) and got[0][2].startswith(start), got


def test_theo_with_a_noun_after_the_content_is_no_statement_of_what_follows():
    # "…, theo nhận định của ông X, <title>.": what follows the name is the title, not a statement
    got = _stmts("Tin đồn lan rất nhanh trên mạng, theo nhận định của ông Monirul Islam, giáo sư xã hội học.")
    assert all(not s.text.startswith("giáo sư") for s in got), got


@pytest.mark.parametrize("text", [
    # a cue after a determiner is a noun
    "HĐXX không chấp nhận các yêu cầu còn lại của ông Nguyễn Văn Trần.",
    "Bí thư Thành uỷ Nguyễn Văn Nhân đã có những kết luận xung quanh những vấn đề còn tồn tại.",
    # a conclusion before "thanh tra", "kiểm toán", "số" is a document
    "Ông Nguyễn Thành Phong vừa ký kết luận thanh tra về các sai phạm của công ty.",
    # a document, a visit, waiting
    "Bà Phan Thị Phương Thảo cũng ký biên bản cam kết đồng ý giá trị sang nhượng.",
    "Thủ tướng Nguyễn Xuân Phúc hỏi thăm đời sống người lao động tại khu công nghiệp.",
    "Điều mà anh Nguyễn Văn Có mong chờ không phải là ai sẽ bồi thường.",
])
def test_cue_words_used_as_nouns_or_other_words_make_no_statement(text):
    assert _stmts(text, "2018-01-01") == []


def test_a_request_to_the_inspectorate_is_a_statement():
    got = _stmts("Phó Thủ tướng Trương Hoà Bình yêu cầu Thanh tra Chính phủ chủ trì xác định trách nhiệm.")
    assert [(s.speaker, s.text[:10]) for s in got] == [("Trương Hoà Bình", "Thanh tra ")]


def test_a_numbered_office_keeps_its_cue():
    got = _stmts("Thiếu tướng Nguyễn Minh Hoàng, Phó Chính uỷ Quân khu 7 đề nghị tăng cường trao đổi thông tin.")
    assert [(s.speaker, s.text[:9]) for s in got] == [("Nguyễn Minh Hoàng", "tăng cườn")]


def test_a_quotation_that_lost_its_opening_mark_runs_to_its_closing_one():
    # an archive paragraph without breaks: "Ông X cho rằng: … . … ông Y yêu cầu … . … 366 triệu đồng …”."
    text = ("Ông Nguyễn Văn Muộn phản ánh tàu hỏng nhiều lần. " * 30 +
            "Ông Đỗ Quang Dương - Tổng Giám đốc Công ty lại cho rằng: Công ty rất nhiệt tình trong việc sửa chữa. "
            "Đến khi hết thời hạn bảo hành, ông Muộn mới báo là bị hỏng và yêu cầu Công ty phải có trách nhiệm. "
            "Công ty chúng tôi đã chi hết 366 triệu đồng để bảo hành chiếc tàu”. Khi được hỏi, ông Dương im lặng.")
    doc = Doc(text, "2017-07-10", "t")
    got = statements.extract(doc)
    dung = [s for s in got if s.speaker == "Đỗ Quang Dương"]
    assert len(dung) == 1 and dung[0].text.startswith("Công ty rất") and dung[0].text.endswith("chiếc tàu")
    assert not [s for s in got if s.speaker.endswith("Muộn") and "trách nhiệm" in s.text]


@pytest.mark.parametrize("text, want", [
    # what is said follows the addressee ("với …") after a comma, a colon or "rằng"
    ("Ông Dương Công Minh chia sẻ với báo chí, việc tái cơ cấu ngân hàng là một quá trình dài.",
     [("Dương Công Minh", "việc tái cơ cấu")]),
    ("Ông Huỳnh Uy Dũng cam kết với nhân dân thành phố rằng ông sẽ hiến kế để làm sạch nước thải.",
     [("Huỳnh Uy Dũng", "ông sẽ hiến kế")]),
    # speaking to someone, and nothing said: no statement; nor in a photo caption
    ("Ông Lê Văn Tuyên trao đổi với PV.", []),
    ("Ông Nguyễn Hồng Bách chia sẻ với phóng viên báo Người Đưa Tin.", []),
    ("Phó thủ tướng Vương Đình Huệ trao đổi với một hộ dân ở xã Bình An, huyện Long Thành - Ảnh: A LỘC", []),
    # asking to be excused is no statement
    ("Ông Trần Bắc Hà xin vắng mặt do đang chữa bệnh tại Singapore.", []),
])
def test_speaking_to_someone(text, want):
    _starts_like([(s.speaker, s.text) for s in _stmts(text, "2018-01-01")], want)
