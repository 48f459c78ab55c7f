"""Place: which unit a figure is about (SPEC "place rules"), a table of real-style sentences.

Each row: the text, the raw of one figure, the place it must get (compared as written)
and, where the gazetteer decides, its code and province.
"""
from __future__ import annotations

import pytest

from hl_extract.common.records import Article
from hl_extract.extract.pipeline import process
from hl_extract.language import place_mentions


def figure(text, raw, article_id="t:1", published="", title=""):
    result = process(Article(article_id=article_id, text=text, published=published, title=title))
    found = [f for f in result.figures if f.raw == raw]
    assert found, [f.raw for f in result.figures]
    return found[0]


CASES = [
    # a unit named in the figure's own clause or list item
    ("Tỷ lệ hộ nghèo còn cao: Lào Cai (9,2%), Yên Bái (8,7%), Hà Giang (12,1%).", "8,7%", "Yên Bái"),
    ("Tỷ lệ hộ nghèo còn cao: Lào Cai (9,2%), Yên Bái (8,7%), Hà Giang (12,1%).", "12,1%", "Hà Giang"),
    ("Tỉnh Hà Tĩnh còn 12.460 hộ nghèo. Trong đó, xã Thạch Hạ có 52 hộ nghèo.", "52 hộ", "xã Thạch Hạ"),
    ("Nghệ An có 52.000 hộ nghèo, Hà Tĩnh có 20.000 hộ nghèo.", "20.000 hộ", "Hà Tĩnh"),
    ("Bộ Tài chính đã cấp cho tỉnh Quảng Trị 970 tỷ đồng.", "970 tỷ đồng", "tỉnh Quảng Trị"),
    ("Năm 2023, phường Thạch Linh 1,2 tỷ đồng để làm đường.", "1,2 tỷ đồng", "phường Thạch Linh"),
    ("Năm 2023, quận 3 có 120 hộ nghèo.", "120 hộ", "quận 3"),
    ("Hộ nghèo ở quận 1 Nguyễn Văn A nhận 5 triệu đồng.", "5 triệu đồng", "quận 1"),
    ("Trong khi đó, 72 tỷ so với 127 tỷ của cả nước.", "127 tỷ", "Việt Nam"),
    ("Người dân ra huyện đảo Cồn Cỏ sinh sống được vay 100 triệu đồng.", "100 triệu đồng", "huyện đảo Cồn Cỏ"),
    # the unit the sentence is about
    ("Tại huyện Can Lộc, năm 2022 có 1.200 hộ thoát nghèo.", "1.200 hộ", "huyện Can Lộc"),
    ("Cả nước có 30 triệu lượt hộ được vay vốn.", "30 triệu lượt hộ", "Việt Nam"),
    ("TP.HCM có 500 hộ nghèo.", "500 hộ", "TP.HCM"),
    ("Ông A (ngụ xã Cát Khánh, huyện Phù Cát, Bình Định) được hỗ trợ 200 triệu đồng.", "200 triệu đồng",
     "xã Cát Khánh"),
    ("5 năm trước, xã Quế Long là xã nghèo nhất của huyện Quế Sơn với tỷ lệ hộ nghèo trên 28%.", "trên 28%",
     "xã Quế Long"),
    ("Các huyện Nghi Xuân, Can Lộc có 300 hộ nghèo.", "300 hộ", "huyện Nghi Xuân, Can Lộc"),
    # a place carried from the sentences before, and the article's own unit
    ("Huyện Can Lộc đã rà soát kỹ. Qua đó, có 1.200 hộ nghèo được hỗ trợ.", "1.200 hộ", "Huyện Can Lộc"),
    ("Sáng ngày 15/9, Ban chỉ đạo xây dựng thị xã Hồng Lĩnh tổ chức hội nghị. Tham dự có nhiều đồng chí. "
     "Đến nay đã đạt 55/63 tiêu chí.", "55/63 tiêu chí", "thị xã Hồng Lĩnh"),
    # the one smaller unit the article keeps naming inside its unit is what its figures are about
    ("Nghề xúc cá ở H.Đức Huệ (Long An) cho thu nhập cao.\n\nÔng Thêm (ngụ ấp 1, xã Bình Hòa Nam, H.Đức Huệ) "
     "dậy sớm.\n\nNhiều hộ ở xã Bình Hòa Nam theo nghề.\n\nNgày nào ít cũng được 500.000 đồng.",
     "500.000 đồng", "xã Bình Hòa Nam"),
    # … a commune and the district that holds it are one line: the commune
    ("Xét xử vụ án ở tỉnh Hà Tĩnh.\n\nBị cáo (trú xã Thuần Thiện, huyện Can Lộc) khai nhận.\n\n"
     "Công an huyện Can Lộc vào cuộc.\n\nTòa tuyên bồi thường 170 triệu đồng.", "170 triệu đồng", "xã Thuần Thiện"),
    # … but not where it names two of them
    ("Nghề xúc cá ở H.Đức Huệ (Long An) cho thu nhập cao.\n\nHộ ở xã Bình Hòa Nam và xã Mỹ Thạnh Bắc theo nghề."
     "\n\nNhiều hộ ở xã Bình Hòa Nam và xã Mỹ Thạnh Bắc khá lên.\n\nNgày nào ít cũng được 500.000 đồng.",
     "500.000 đồng", "H.Đức Huệ"),
    # `thành phố` alone is the city named before, not the district the sentence before named
    ("Ông Tiến là đại biểu HĐND TP Đà Nẵng.\n\nMưa lớn gây ngập quận Hải Châu. Từ năm 1998 đến nay thành phố "
     "đầu tư 5.200 tỷ đồng cho thoát nước.", "5.200 tỷ đồng", "TP Đà Nẵng"),
    # a photo caption names where the photo was taken, not what the article reports on
    ("Vay vốn tại điểm giao dịch xã Phú Thịnh, huyện Đại Từ. Ảnh: TTXVN Nhiều năm qua, tỉnh Hà Giang "
     "quan tâm giảm nghèo.\n\nChương trình đã cho vay.\n\nDư nợ đạt 8 tỷ đồng.", "8 tỷ đồng", "tỉnh Hà Giang"),
    # a unit word that names a level or a kind, not one unit (`điểm giao dịch xã`, `cấp huyện`)
    ("Xã Nam Bình có 10 hộ nghèo. Huyện Đắk Song huy động tại điểm giao dịch xã đạt 650 triệu đồng.",
     "650 triệu đồng", "Huyện Đắk Song"),
    ("Xã Thạch Hạ đã rà soát. Tỉnh Hà Tĩnh cho biết, ngân sách cấp xã chi 3 tỷ đồng.", "3 tỷ đồng",
     "Tỉnh Hà Tĩnh"),
    # a name the gazetteer does not know at the type word's level is kept whole (no district `Hiếu`)
    ("Đà Nẵng sẽ có quận mới là quận Hiếu Đức với 120 hộ nghèo.", "120 hộ", "quận Hiếu Đức"),
    ("Ông Vinh, trưởng Phòng GD-ĐT huyện Krông Pắk cho biết có 208 hợp đồng.", "208 hợp đồng", "huyện Krông Pắk"),
    ("Mưa lớn ở các tỉnh Nam Trung Bộ làm 12 người chết.", "12 người chết", "các tỉnh Nam Trung Bộ"),
    # a listed company's or the market's own figure borrows no place from the article
    ("Công ty ở TP.HCM họp cổ đông.\n\nTrước khi phát hành cổ phiếu, công ty có vốn điều lệ 300 tỷ đồng.",
     "300 tỷ đồng", ""),
    ("Hà Nội đẩy mạnh thu hút đầu tư. Trên sàn HoSE, giá cổ phiếu RAL ở mức 81.900 đồng/cổ phiếu.",
     "81.900 đồng/cổ phiếu", ""),
    # … but a unit in its own sentence is still its place
    ("Trên sàn HoSE, công ty của tỉnh Quảng Ninh có vốn điều lệ 500 tỷ đồng.", "500 tỷ đồng", "tỉnh Quảng Ninh"),
    # a unit word that ends another word is no unit
    ("Phiên bản Speake-Marin Wing Commander có giá 220 triệu đồng.", "220 triệu đồng", ""),
    ("Theo văn bản Bộ Tài chính gửi, tổng kinh phí là 12 tỷ đồng.", "12 tỷ đồng", ""),
    # no place: an unsplit abbreviation, an attribute of a noun
    ("Sáng nay tại TP. Phát biểu tại hội nghị, ông A cho biết đã giải ngân 20 tỷ đồng.", "20 tỷ đồng", ""),
    ("Tịch thu đường cát Thái Lan (10.805 kg), ngoại tệ (425.700 USD).", "425.700 USD", ""),
]


@pytest.mark.parametrize("text,raw,place", CASES)
def test_place_by_the_rules(text, raw, place):
    assert figure(text, raw).place == place


def test_a_unit_word_alone_is_the_portals_own_unit():
    """On a district's portal `huyện đã cấp …` names the district (rules/places.toml source_units)."""
    f = figure("Qua rà soát, huyện đã cấp cho 24 hộ gia đình 10 ha đất.", "24 hộ",
               article_id="daksong:x", published="2019-02-01")
    assert (f.place, f.place_code, f.place_from) == ("huyện Đắk Song", "665", "clause")
    # elsewhere the same sentence names no place
    assert figure("Qua rà soát, huyện đã cấp cho 24 hộ gia đình 10 ha đất.", "24 hộ").place == ""


def test_a_bare_province_on_a_district_portal_is_the_portals_province():
    """`toàn tỉnh` on the Đắk Song portal is Đắk Nông, not a province named later (the
    Front of TP. Hồ Chí Minh that sent help)."""
    t = ("Cụ thể, toàn tỉnh đã tiếp nhận trên 5,1 tỷ đồng ủng hộ phòng, chống Covid-19. Bên cạnh đó, "
         "từ nguồn hỗ trợ của Ủy ban MTTQ TP. Hồ Chí Minh, Ủy ban MTTQ tỉnh đã trao tặng 20 căn nhà.")
    f = figure(t, "trên 5,1 tỷ đồng", article_id="daksong:x", published="2020-10-05")
    assert f.province == "Tỉnh Đắk Nông", (f.place, f.province)


def test_the_title_names_the_articles_unit():
    f = figure("Đến nay còn 120 hộ nghèo.", "120 hộ", title="Huyện Đức Thọ: giảm nghèo bền vững")
    assert (f.place, f.place_from) == ("Huyện Đức Thọ", "article")
    # a title on the whole country: its figures are the country's, not the venue's
    g = figure("Lễ phát động diễn ra sáng nay tại Hà Nội.\nCác doanh nghiệp đã ủng hộ hơn 2.945 tỷ đồng.",
               "hơn 2.945 tỷ đồng", title="Cả nước tiếp tục chung tay vì người nghèo")
    assert (g.place, g.place_from) == ("Việt Nam", "article")


@pytest.mark.parametrize("text,raw,published,code,province", [
    ("Năm 2024, thị xã Hồng Lĩnh còn 120 hộ nghèo.", "120 hộ", "2024-03-01", "437", "Tỉnh Hà Tĩnh"),
    ("Năm 2025, phường Bắc Hồng Lĩnh còn 40 hộ nghèo.", "40 hộ", "2025-09-01", "18115", "Tỉnh Hà Tĩnh"),
    ("Tại huyện Can Lộc, năm 2022 có 1.200 hộ thoát nghèo.", "1.200 hộ", "", "443", "Tỉnh Hà Tĩnh"),
    ("TP HCM có 500 hộ nghèo.", "500 hộ", "", "79", "Thành phố Hồ Chí Minh"),
    ("Tỷ lệ hộ nghèo: Hà Giang (12,1%).", "12,1%", "", "02", "Tỉnh Hà Giang"),
    ("Cả nước có 30 triệu lượt hộ được vay vốn.", "30 triệu lượt hộ", "", "", ""),   # no code
    ("Huyện đảo Cồn Cỏ có 20 hộ nghèo.", "20 hộ", "2019-01-01", "471", "Tỉnh Quảng Trị"),
    # a numbered district the gazetteer holds once; a numbered ward only with its district named
    ("Năm 2018, quận 10 có 120 hộ nghèo.", "120 hộ", "", "771", "Thành phố Hồ Chí Minh"),
    ("Năm 2018, phường 5 có 12 hộ nghèo.", "12 hộ", "", "", ""),
    ("Năm 2018, phường 5, quận 3 có 12 hộ nghèo.", "12 hộ", "", "27151", "Thành phố Hồ Chí Minh"),
])
def test_place_code_and_province_from_the_gazetteer(text, raw, published, code, province):
    f = figure(text, raw, published=published)
    assert (f.place_code, f.province) == (code, province)


@pytest.mark.parametrize("text,mentions", [
    ("xã Thạch Hạ, huyện Thạch Hà, tỉnh Hà Tĩnh", ["xã Thạch Hạ", "huyện Thạch Hà", "tỉnh Hà Tĩnh"]),
    ("Tại Quảng Bình, người dân", ["Quảng Bình"]),
    ("ông Hoàng Mai cho biết", []),                 # a person, not the town
    ("Nguyễn Văn Bình Dương", []),                  # inside a longer name
    ("các huyện, thị xã, thành phố thuộc tỉnh", []),  # kinds of unit, not one
    ("Khu đô thị Tây Bắc Đà Nẵng", []),             # no region inside a name
    ("xã hội hóa", []),
    ("tiền Việt Nam", []),
    ("vùng Tây Nam bộ", ["vùng Tây Nam bộ"]),
    ("các dự án ở Bà Rịa - Vũng Tàu", ["Bà Rịa - Vũng Tàu"]),   # `Bà` opens the name, not a title
    ("Công ty Thương mại dịch vụ Hoà Bình", []),                 # a company
    ("8.000 hộ trong vụ Đông Xuân", []),                         # a crop season
    ("học tập và làm theo tư tưởng Hồ Chí Minh", []),             # the President, not the city
    ("TP Hồ Chí Minh có", ["TP Hồ Chí Minh"]),
    ("ở xã Đắk R ’ Tih số tiền", ["xã Đắk R ’ Tih"]),        # an apostrophe spaced by the archive
    ("huyện Đắk R’Lấp có", ["huyện Đắk R’Lấp"]),
])
def test_mentions(text, mentions):
    assert [m.text for m in place_mentions.find(text) if not m.bare_unit] == mentions


@pytest.mark.parametrize("text,raw,place", [
    # the set a figure is ranked in is not its place
    ("Năm 2018, tỉnh Thanh Hóa phát triển. GRDP năm 2018 đạt 15,16%, đứng thứ ba cả nước và quý I "
     "năm 2019 đạt 24,8%.", "24,8%", "tỉnh Thanh Hóa"),
    ("Hà Nội có đàn lợn lớn thứ hai cả nước (1,9 triệu con).", "1,9 triệu con", "Hà Nội"),
])
def test_a_rank_names_no_place(text, raw, place):
    assert figure(text, raw).place == place


@pytest.mark.parametrize("text,heads", [
    ("ngụ xã Cát Khánh, huyện Phù Cát, Bình Định", ["xã Cát Khánh"] * 3),
    # a numbered unit inside a chain, before a comma
    ("phường Tân Phong (quận 7, TP.HCM) còn 15 hộ nghèo", ["phường Tân Phong"] * 3),
    ("tại phường 5, quận 3", ["phường 5"] * 2),
])
def test_a_chain_points_at_its_most_specific_unit(text, heads):
    found = place_mentions.find(text)
    assert [found[m.head].text if m.head >= 0 else m.text for m in found] == heads


def test_a_number_after_a_unit_word_is_an_amount_when_a_decimal_follows():
    assert place_mentions.find("phường 1,2 tỷ đồng") == []


@pytest.mark.parametrize("text,bare", [
    ("Tại quận 12. Quận đã chi 2 tỷ đồng", ["Quận"]),          # a sentence opened by the unit word
    ("thị xã Hồng Lĩnh. Thị xã có 120 hộ nghèo", ["Thị xã"]),   # the whole unit word, not its `xã`
    ("“Huyện đã làm được nhiều việc", ["Huyện"]),
    ("HTX Hà Ninh Xã được hỗ trợ 140 triệu đồng", ["Xã"]),      # a sentence whose stop was lost
    ("Hội Cựu chiến binh Tỉnh phối hợp tổ chức", []),           # part of a name
    ("trong đó, hội CCB Tỉnh hỗ trợ 50 triệu đồng", []),
    ("Tỉnh ủy Hà Tĩnh chỉ đạo", []),                            # the party committee
    ("phòng GD & ĐT quận huyện cùng quản lý", []),              # kinds of unit, not one
    ("UBND xã phường thực hiện", []),
])
def test_a_unit_word_alone(text, bare):
    assert [m.text for m in place_mentions.find(text) if m.bare_unit] == bare


@pytest.mark.parametrize("text,raw,place", [
    # a foreign country where a unit's people went is not what the unit's spending is about
    ("Ngày 6/9, UBND tỉnh Thanh Hoá duyệt kinh phí cho đoàn công tác của tỉnh quảng bá tại Hoa Kỳ với tổng "
     "kinh phí gần 690 triệu đồng.", "gần 690 triệu đồng", "tỉnh Thanh Hoá"),
    ("Tại Mỹ, giá xăng là 3 USD mỗi gallon.", "3 USD", "Mỹ"),          # a country after `Tại` is one
    # a company's own profit and assets: no place lent from the article
    ("Ngân hàng có trụ sở ở Hà Nội. Lợi nhuận sau thuế (LNST) đạt 386 tỷ đồng.", "386 tỷ đồng", ""),
])
def test_whose_figure_it_is(text, raw, place):
    assert figure(text, raw).place == place
