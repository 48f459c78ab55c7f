"""Tables: the number cells of a report's table are figures, read with their headers.

Short tables in the style of district and commune reports, in the two shapes the clean
text holds them: a dump, one cell per line (a portal's text export), and pipe rows (how
the HTML cleaner writes an HTML table).
"""
import pytest

from hl_extract import extract_figures
from hl_extract.archive.html import node_text, parse
from hl_extract.language.doc import Doc
from hl_extract.language.tables import find as find_tables
from hl_extract.language.text import clean

# A dump whose row numbers ("1", "1.1") look like numbers and follow the row before's cells.
DUMP = """Từ năm 2016 đến nay, huyện Đắk Song được hỗ trợ thực hiện 03 đề án khuyến công. Các đề án đều góp phần phát triển công nghiệp nông thôn của huyện Đắk Song.

ĐVT: Triệu đồng

STT

Tên đề án

Kinh phí thực hiện

Kinh phí hỗ trợ

I

Các đề án thực hiện năm 2016

1.165

400

1

Đề án được kinh phí khuyến công quốc gia hỗ trợ

577

200

1.1

Hỗ trợ máy móc sản xuất tinh dầu hồ tiêu; xã Nâm N'Jang

577

200

II

Các đề án thực hiện năm 2019

818

350

Tổng cộng

1.983

750

Danh sách các cơ sở được hỗ trợ

Trên cơ sở kế hoạch hàng năm của UBND tỉnh, huyện tiếp nhận đăng ký của các cơ sở."""

PIPES = """Kết quả giảm nghèo năm 2022 của các xã thuộc huyện Đắk Song như sau:

| STT | Xã | Số hộ nghèo | Tỷ lệ (%) | Diện tích lúa |
| 1 | Xã Thuận Hà | 120 | 3,5 | 1.200 ha |
| 2 | Xã Nam Bình | 95 | 2,1 | 900 ha |
| | Toàn huyện | 215 | 2,8 | 2.100 ha |

Các xã tiếp tục rà soát."""


def figures_of(text, published="2020-05-28"):
    return [(f.raw, f.metric, f.value, f.unit, f.status, f.place, f.period_end)
            for f in extract_figures(text, published)]


def test_a_dump_reads_unit_line_headers_and_row_numbers():
    figs = figures_of(DUMP)
    cells = [f for f in figs if f[0] in ("1.165", "400", "577", "200", "818", "350", "1.983", "750")]
    assert [f[:4] for f in cells] == [
        ("1.165", "funding", 1_165e6, "vnd"), ("400", "funding", 400e6, "vnd"),
        ("577", "funding", 577e6, "vnd"), ("200", "funding", 200e6, "vnd"),
        ("577", "funding", 577e6, "vnd"), ("200", "funding", 200e6, "vnd"),
        ("818", "funding", 818e6, "vnd"), ("350", "funding", 350e6, "vnd"),
        ("1.983", "funding", 1_983e6, "vnd"), ("750", "funding", 750e6, "vnd")]
    # the period of a row, else of the row it stands under, else of the title line
    assert [f[6] for f in cells] == ["2016-12-31"] * 6 + ["2019-12-31"] * 2 + ["2020-05-28"] * 2
    # the place a row names; a row naming none is the article's
    assert [f[5] for f in cells] == ["huyện Đắk Song"] * 4 + ["xã Nâm N'Jang"] * 2 + ["huyện Đắk Song"] * 4
    # the text's own figure in a label cell stays, the row numbers are none
    assert ("03 đề án", "count", 3, "item") in [f[:4] for f in figs]
    assert not [f for f in figs if f[0] in ("1", "1.1")]


def test_a_dump_has_rows_columns_and_parents():
    doc = Doc(clean(DUMP), "2020-05-28")
    (table,) = find_tables(doc)
    assert table.shape == "dump" and table.unit.text == "Triệu đồng"
    assert [[c.text for c in col] for col in table.columns] == [["Kinh phí thực hiện"], ["Kinh phí hỗ trợ"]]
    assert [r.number for r in table.rows] == ["I", "1", "1.1", "II", ""]
    assert [r.parent for r in table.rows] == [-1, 0, 1, -1, -1]
    assert table.rows[-1].label == "Tổng cộng"
    # the caption and the prose after the last row are not rows
    assert table.end < doc.text.index("Danh sách")


def test_pipe_rows_take_units_from_brackets_unit_columns_and_header_words():
    figs = figures_of(PIPES)
    assert figs == [
        ("120", "poor_households", 120, "household", "actual", "Xã Thuận Hà", "2022-12-31"),
        ("3,5", "poverty_rate", 3.5, "percent", "actual", "Xã Thuận Hà", "2022-12-31"),
        ("1.200 ha", "quantity", 1200, "ha", "actual", "Xã Thuận Hà", "2022-12-31"),
        ("95", "poor_households", 95, "household", "actual", "Xã Nam Bình", "2022-12-31"),
        ("2,1", "poverty_rate", 2.1, "percent", "actual", "Xã Nam Bình", "2022-12-31"),
        ("900 ha", "quantity", 900, "ha", "actual", "Xã Nam Bình", "2022-12-31"),
        ("215", "poor_households", 215, "household", "actual", "huyện Đắk Song", "2022-12-31"),
        ("2,8", "poverty_rate", 2.8, "percent", "actual", "huyện Đắk Song", "2022-12-31"),
        ("2.100 ha", "quantity", 2100, "ha", "actual", "huyện Đắk Song", "2022-12-31"),
    ]


def test_a_unit_column_gives_each_row_its_unit():
    text = ("Chỉ tiêu năm 2019\n\n| TT | Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện |\n"
            "| 1 | Diện tích gieo trồng | ha | 1.200 | 1.250 |\n| 2 | Tỷ lệ hộ nghèo | % | 3 | 2,8 |")
    assert figures_of(text) == [
        ("1.200", "quantity", 1200, "ha", "target", "", "2019-12-31"),
        ("1.250", "quantity", 1250, "ha", "actual", "", "2019-12-31"),
        ("3", "poverty_rate", 3, "percent", "target", "", "2019-12-31"),
        ("2,8", "poverty_rate", 2.8, "percent", "actual", "", "2019-12-31"),
    ]


def test_every_figure_points_at_its_cell():
    text = clean(PIPES)
    for f in extract_figures(text, "2023-01-10"):
        assert text[f.char_start:f.char_end] == f.raw
        assert f.sentence == text[f.sentence_start:f.sentence_end]
        assert f.sentence_start <= f.char_start < f.char_end <= f.sentence_end


HTML = """<div><p>Kết quả thực hiện năm 2019 (ĐVT: triệu đồng)</p><table>
<tr><th rowspan="2">STT</th><th rowspan="2">Xã</th><th colspan="2">Kinh phí</th></tr>
<tr><th>Kế hoạch</th><th>Thực hiện</th></tr>
<tr><td>1</td><td>Xã Nam Bình</td><td>1.200</td><td>1.100</td></tr>
<tr><td>2</td><td>Xã Thuận Hà</td><td>900</td><td>-</td></tr></table></div>"""


def test_an_html_table_keeps_its_grid_and_its_spanned_headers():
    text = clean(node_text(parse(HTML)))
    assert "| STT | Xã | Kinh phí | |" in text and "| 2 | Xã Thuận Hà | 900 | - |" in text
    assert figures_of(text) == [
        ("1.200", "funding", 1.2e9, "vnd", "target", "Xã Nam Bình", "2019-12-31"),
        ("1.100", "funding", 1.1e9, "vnd", "actual", "Xã Nam Bình", "2019-12-31"),
        ("900", "funding", 9e8, "vnd", "target", "Xã Thuận Hà", "2019-12-31"),
    ]


@pytest.mark.parametrize("html", [
    # a layout table: its cells are prose
    "<table><tr><td>" + "Người dân phấn khởi khi con đường hoàn thành. " * 8 + "</td><td>12</td></tr>"
    "<tr><td>a</td><td>13</td></tr></table>",
    # one column
    "<table><tr><td>Xã A</td></tr><tr><td>120</td></tr></table>",
])
def test_a_layout_table_is_text_not_a_grid(html):
    assert "|" not in node_text(parse(html))


@pytest.mark.parametrize("text", [
    # lines of numbers with no unit anywhere: no figures (which unit is unknown)
    "Kết quả\n\nXã A\n\n12\n\n15\n\nXã B\n\n13\n\n16",
    # one number per row and no unit line: a list, not a table
    "Giải nhất\n\n3\n\nGiải nhì\n\n5\n\nGiải ba\n\n7",
    # prose with numbers
    "Năm 2019 xã có 120 hộ nghèo.\n\nNăm 2020 còn 95 hộ nghèo.",
])
def test_no_table_no_table_figures(text):
    figs = extract_figures(text, "2020-01-01")
    assert all(f.raw not in ("12", "15", "13", "16", "3", "5", "7") for f in figs)


def test_a_unit_line_makes_a_one_column_dump_a_table():
    text = "Số hộ nghèo các xã\n\nĐVT: hộ\n\nXã Thuận Hà\n\n120\n\nXã Nam Bình\n\n95"
    assert figures_of(text, "2021-03-01") == [
        ("120", "poor_households", 120, "household", "actual", "Xã Thuận Hà", ""),
        ("95", "poor_households", 95, "household", "actual", "Xã Nam Bình", ""),
    ]


from hypothesis import given, settings, strategies as st  # noqa: E402

_LINES = st.sampled_from([
    "ĐVT: Triệu đồng", "ĐVT: hộ", "Đơn vị tính: %", "STT", "TT", "Tên đề án", "Kế hoạch", "Thực hiện",
    "Năm 2019", "2020", "I", "II", "1", "1.1", "2.1", "a", "Xã Thuận Hà", "Tổng cộng", "-", "x", "0",
    "1.165", "400", "2,62", "12,5%", "3 ha", "| STT | Xã | Số hộ nghèo | Tỷ lệ (%) |", "| 1 | Xã A | 120 | 3,5 |",
    "| | Toàn huyện | 215 | - |", "|---|---|", "| |", "Tỷ lệ hộ nghèo còn 2,62%.", "(ĐVT: tỷ đồng)",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_any_arrangement_of_table_lines_gives_figures_that_point_at_their_text(lines, sep):
    text = clean(sep.join(lines))
    for f in extract_figures(text, "2020-05-28"):
        assert text[f.char_start:f.char_end] == f.raw
        assert text[f.sentence_start:f.sentence_end] == f.sentence
        assert f.unit and f.metric


def test_years_as_dump_headers_and_row_numbers_alone_are_labels():
    text = ("Nguồn vốn thực hiện chương trình giảm nghèo của huyện.\n\nĐVT: Triệu đồng\n\nSTT\n\nNguồn vốn\n\n"
            "2021\n\n2022\n\nI\n\nVốn ngân sách trung ương\n\n8.450\n\n12.630\n\n1\n\nVốn đầu tư phát triển\n\n"
            "6.200\n\n9.114")
    assert [(f[0], f[2], f[6]) for f in figures_of(text)] == [
        ("8.450", 8.45e9, "2021-12-31"), ("12.630", 12.63e9, "2022-12-31"),
        ("6.200", 6.2e9, "2021-12-31"), ("9.114", 9.114e9, "2022-12-31")]


def test_a_commune_column_names_its_rows_places_and_the_total_row_is_the_district():
    text = ("Kết quả rà soát hộ nghèo cuối năm 2021 của huyện Kỳ Sơn, tỉnh Nghệ An:\n\n"
            "| STT | Xã | Cuối năm 2021 | |\n| | | Số hộ nghèo | Tỷ lệ (%) |\n"
            "| 1 | Mường Lống | 698 | 72,56 |\n| 2 | Na Ngoi | 845 | 61,28 |\n| | Toàn huyện | 9.876 | 54,12 |")
    got = [(f[0], f[1], f[5]) for f in figures_of(text, "2022-01-20")]
    assert got == [("698", "poor_households", "xã Mường Lống"), ("72,56", "poverty_rate", "xã Mường Lống"),
                   ("845", "poor_households", "xã Na Ngoi"), ("61,28", "poverty_rate", "xã Na Ngoi"),
                   ("9.876", "poor_households", "huyện Kỳ Sơn"), ("54,12", "poverty_rate", "huyện Kỳ Sơn")]


def test_a_value_header_takes_its_metric_from_the_rows_or_title_and_its_period_from_the_title():
    text = ("Tình hình giải ngân vốn đầu tư công (ĐVT: tỷ đồng)\n\n| TT | Nguồn vốn | Giá trị |\n"
            "| 1 | Chương trình mục tiêu quốc gia | 12,8 |\n| 2 | Ngân sách huyện | 70,2 |")
    figs = extract_figures(text, "2019-08-12")
    assert [(f.raw, f.metric, f.status) for f in figs] == [("12,8", "funding", "actual"), ("70,2", "funding", "actual")]
