"""The analyst's desk: places, checks, verify, query, datapackage.json, report."""
from __future__ import annotations

import csv
import json

import pytest

import _desk
from hl_extract.desk import checks, report
from hl_extract import load
from hl_extract.language import places
from hl_extract.common.records import Check
from testenv import run_cli as cli

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")



# ---------------------------------------------------------------- places

@pytest.mark.parametrize("a,b", [
    ("TX Hồng Lĩnh", "thị xã Hồng Lĩnh"),
    ("Tx. Hồng Lĩnh", "thị xã Hồng Lĩnh"),
    ("thị xã  Hồng Lĩnh", "Hồng Lĩnh"),
    ("TP. Hà Tĩnh", "thành phố Hà Tĩnh"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("P. Nam Hồng", "phường Nam Hồng"),
])
def test_place_spellings_resolve_to_one_unit(a, b):
    pa, pb = places.resolve(a), places.resolve(b)
    assert pa.known and pa.key == pb.key


@pytest.mark.parametrize("a,b", [
    ("thành phố Hà Tĩnh", "tỉnh Hà Tĩnh"),     # the city is not the province
    ("phường Nam Hồng", "phường Bắc Hồng"),
    ("thị xã Hồng Lĩnh", "huyện Nghi Xuân"),
])
def test_different_units_differ(a, b):
    assert places.key(a) != places.key(b)


def test_gazetteer_knows_2025_merger():
    hl = places.resolve("thị xã Hồng Lĩnh")
    assert hl.level == "district" and "Tỉnh Hà Tĩnh" == hl.province
    assert set(hl.successors) == {"Phường Bắc Hồng Lĩnh", "Phường Nam Hồng Lĩnh"}
    new = places.resolve("phường Nam Hồng Lĩnh", when="2025-09-01")
    assert new.known and new.key.startswith("vn2025:")
    assert places.resolve("phường Nam Hồng").successors == ("Phường Nam Hồng Lĩnh",)
    # a ward is inside its town; the wards of one town are contained by it
    ward = places.resolve("phường Đậu Liêu")
    assert hl.key in ward.parent_keys
    assert places.containing([ward, places.resolve("phường Trung Lương")]).key == hl.key


def test_place_type_word_alone_is_no_place():
    assert places.resolve("thị xã") is None and places.resolve("") is None


# ---------------------------------------------------------------- checks on the seed

@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory):
    d = _desk.write_seed(tmp_path_factory.mktemp("seed"))
    r = cli("check", d)
    assert r.returncode == 0, r.stderr
    return d


def _checks(d):
    with open(d / "checks.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_seed_repeats_and_part_whole(seed_dir):
    found = _checks(seed_dir)
    rc = {frozenset(c["figure_ids"].split(";")) for c in found if c["kind"] == "repeat_consistent"}
    fid = lambda n: f"{_desk.SEED_ID}#{n}"
    assert frozenset({fid(7), fid(9)}) in rc          # 2.160 triệu = 2 tỷ160 triệu
    assert frozenset({fid(6), fid(8)}) in rc          # the two 34-household figures
    pw = [c for c in found if c["kind"] == "part_whole"]
    assert len(pw) == 1 and pw[0]["figure_ids"] == fid(3) and pw[0]["severity"] == "info"
    assert "3 for 2024" in pw[0]["message"] and "2 for 2025" in pw[0]["message"] and "holds" in pw[0]["message"]
    assert not [c for c in found if c["kind"] in ("repeat_conflict", "bound", "cross_article_conflict")]
    assert list(found[0].keys()) == ["check_id", "kind", "severity", "figure_ids", "article_ids", "message"]


def test_part_whole_fails_when_registrations_miss_a_ward(tmp_path):
    art, figs, stms, tasks = _desk.seed_result()
    from hl_extract.dataset.tables import DatasetWriter
    with DatasetWriter(tmp_path) as w:
        w.write("articles", [art])
        w.write("figures", figs)
        w.write("tasks", tasks[:4])
    pw = [c for c in checks.run(tmp_path) if c.kind == "part_whole"]
    assert len(pw) == 1 and pw[0].severity == "error" and "fails" in pw[0].message


# ---------------------------------------------------------------- a table of cases per check kind

P22 = dict(period_start="2022-12-31", period_end="2022-12-31")
Y23 = dict(period_start="2023-01-01", period_end="2023-12-31")


_rate = _desk.rate_row


def _fund(aid, v, raw, sentence, place="huyện Nghi Xuân", **kw):
    return {**dict(article_id=aid, metric="funding", value=v, unit="vnd", place=place, raw=raw,
                   subject="tổng kinh phí", sentence=sentence, **Y23), **kw}


def _hh(aid, v, raw, sentence, place="huyện Nghi Xuân", metric="poor_households", **kw):
    return {**dict(article_id=aid, metric=metric, value=v, unit="household", unit_text="hộ",
                   place=place, raw=raw, subject="hộ " + sentence[sentence.index(raw) + len(raw):].strip(" ."),
                   sentence=sentence, **P22), **kw}


EXPORTS = ("Năm 2023, tổng kim ngạch xuất khẩu đạt 161 triệu USD, nhóm hàng máy móc đạt 19,8 triệu USD, "
           "sắt thép đạt 21,5 triệu USD.")
IMPORTS = ("Năm 2023, tổng kim ngạch nhập khẩu đạt 234 triệu USD, nhóm hàng máy móc đạt 26,6 triệu USD, "
           "xăng dầu đạt 17,9 triệu USD.")


def _item(sentence, start, raw):
    """A money figure of a sentence that states several (a list), at its offset in the sentence."""
    v = float(raw.split()[0].replace(",", ".")) * 1e6
    pos = start + sentence.index(raw)
    return dict(article_id="a", metric="money", value=v, unit="usd", raw=raw, sentence=sentence,
                sentence_start=start, char_start=pos, char_end=pos + len(raw), **Y23)


FUND = "Năm 2023, tổng kinh phí xây dựng nông thôn mới của huyện Nghi Xuân đạt {}."


def _counts(sentence, *raws, unit="household"):
    """Count figures of one sentence (`120 hộ`, `80 hộ` …) at their offsets in it."""
    out, pos = [], 0
    for raw in raws:
        pos = sentence.index(raw, pos)
        n, noun = raw.split(" ", 1)
        out.append(dict(article_id="a", metric="households", value=float(n), unit=unit, unit_text=noun,
                        raw=raw, sentence=sentence, sentence_start=0, char_start=pos, char_end=pos + len(raw),
                        place="huyện Nghi Xuân", **Y23))
        pos += len(raw)
    return out


def _said(aid, v, raw, sentence, metric="count", unit="person", **kw):
    """A place-less, undated figure of a general metric (archives without dates)."""
    return {**dict(article_id=aid, metric=metric, value=v, unit=unit, unit_text="người" if unit == "person" else "",
                   raw=raw, sentence=sentence.format(raw), status="actual", place="", period_start="",
                   period_end=""), **kw}


ARREST = ("Ngày 1/6, Công an tỉnh Hà Tĩnh cho biết đã bắt {} trong đường dây buôn bán gỗ lậu do Nguyễn Văn "
          "Khánh cầm đầu tại huyện Hương Khê.")
DAMAGES = ("Ngoài ra, tòa còn tuyên buộc bị cáo phải bồi thường {} cho gia đình người bị hại trong vụ án này "
           "theo quy định của pháp luật.")
JACKPOT = ("Nếu cộng thêm doanh thu bán vé trong những ngày qua, chủ nhân giải Jackpot của Vietlott có thể nhận "
           "được số tiền {} trong kỳ quay này.")
SUPPORT = ("Theo Công ty chứng khoán SSI, tín hiệu kỹ thuật trung hạn của chỉ số là tích cực với vùng hỗ trợ "
           "trong khoảng {} trong tuần giao dịch tới.")
TAX = ("Theo quy định, ông {} có nghĩa vụ nộp thuế thu nhập cá nhân {} và được khấu trừ ngay khi nhận giải "
       "thưởng của Vietlott.")


CASES = [
    # (name, figures, expected {kind: count})
    ("repeat conflict: same subject, place, period, two values",
     [_rate("a", 2.62), _rate("a", 2.8, sentence="Theo báo cáo, tỷ lệ hộ nghèo toàn thị xã Hồng Lĩnh là 2,8%.")],
     {"repeat_conflict": 1, "repeat_consistent": 0}),
    ("repeat consistent across formats",
     [dict(article_id="a", metric="funding", value=2160000000, unit="vnd", qualifier="gt", subject="tổng kinh phí",
           raw="hơn 2.160 triệu đồng", sentence="tổng kinh phí hơn 2.160 triệu đồng.", **Y23),
      dict(article_id="a", metric="funding", value=2160000000, unit="vnd", qualifier="gt", subject="tổng kinh phí",
           raw="hơn 2 tỷ160 triệu đồng", sentence="Ông nói: tổng kinh phí hơn 2 tỷ160 triệu đồng.", **Y23)],
     {"repeat_consistent": 1, "repeat_conflict": 0}),
    ("a change from one value to another is no conflict",
     [_rate("a", 5.0, raw="5", sentence="Tỷ lệ hộ nghèo giảm từ 5% xuống 2,62%."),
      _rate("a", 2.62, raw="2,62", sentence="Tỷ lệ hộ nghèo giảm từ 5% xuống 2,62%.")],
     {"repeat_conflict": 0}),
    ("qualifier: more than 2 billion agrees with 2.16 billion",
     [dict(article_id="a", metric="funding", value=2e9, unit="vnd", qualifier="gt", subject="tổng kinh phí",
           raw="hơn 2 tỷ đồng", sentence="X hơn 2 tỷ đồng.", **Y23),
      dict(article_id="a", metric="funding", value=2.16e9, unit="vnd", subject="tổng kinh phí",
           raw="2,16 tỷ đồng", sentence="Y 2,16 tỷ đồng.", **Y23)],
     {"repeat_conflict": 0}),
    ("bound: a share above 100 %",
     [_rate("a", 120.0)], {"bound": 1}),
    ("bound: growth above 100 % is possible",
     [dict(article_id="a", metric="rate", value=150, unit="percent", subject="doanh thu tăng so với cùng kỳ",
           raw="150%", sentence="Doanh thu tăng 150%.", **Y23)], {"bound": 0}),
    ("bound: n > m",
     [dict(article_id="a", metric="criteria_met", value=20, total=19, unit="criterion", raw="20/19 tiêu chí",
           subject="tiêu chí nông thôn mới", **Y23)], {"bound": 1}),
    ("bound: an address n/m before a named ward is no n/m",
     [dict(article_id="a", metric="count", value=103, total=15, unit="item", unit_text="phường", raw="103/15 phường",
           sentence="Ông Phương trú tại 103/15 phường Lam Sơn, quận Lê Chân.", **Y23)], {"bound": 0}),
    ("bound: inflation, plan completion, shares of GDP and sums of rates exceed 100 %",
     [dict(article_id="a", metric="rate", value=v, unit="percent", subject=sub, raw=raw, sentence=sent, **Y23)
      for v, sub, raw, sent in [
          (2600, "tỷ lệ lạm phát", "2.600%", "Năm 2023, tỷ lệ lạm phát đã vượt quá 2.600%."),
          (103.8, "tỷ lệ", "103,8%", "Tổng thu so với dự toán đạt tỷ lệ 103,8%."),
          (1026, "tổng tỷ lệ tổn thương cơ thể", "1026%", "Với tổng tỷ lệ tổn thương cơ thể là 1026%."),
          (250, "các quỹ đầu tư", "hơn 250%", "Các quỹ đầu tư chiếm hơn 250% tổng sản phẩm quốc nội.")]],
     {"bound": 0}),
    ("bound: a share of households above 100 %",
     [dict(article_id="a", metric="rate", value=120, unit="percent", subject="tỷ lệ hộ dùng nước sạch",
           raw="120%", sentence="Năm 2023, tỷ lệ hộ dùng nước sạch đạt 120%.", **Y23)], {"bound": 1}),
    ("bound: poor households above households of another, unnamed group is no bound",
     [dict(article_id="a", metric="poor_households", value=53000, unit="household", raw="hơn 53.000 hộ",
           qualifier="gt", subject="hộ nghèo", sentence="Hiện nay, Nghệ An còn hơn 53.000 hộ nghèo."),
      dict(article_id="a", metric="households", value=21909, unit="household", raw="21.909 hộ",
           subject="hộ dân với 84.324 nhân khẩu", sentence="Số gạo được phân bổ cho 21.909 hộ dân với 84.324 nhân khẩu.")],
     {"bound": 0}),
    ("bound: poor households above all households",
     [dict(article_id="a", metric="poor_households", value=900, unit="household", raw="900 hộ nghèo",
           place="xã Thuận Lộc", subject="hộ nghèo", **P22),
      dict(article_id="a", metric="households", value=800, unit="household", raw="800 hộ",
           place="xã Thuận Lộc", subject="tổng số hộ dân", **P22)], {"bound": 1}),
    ("cross-article conflict across spellings",
     [_rate("a", 2.62, place="thị xã Hồng Lĩnh"), _rate("b", 3.1, place="TX Hồng Lĩnh")],
     {"cross_article_conflict": 1}),
    ("one article repeats a figure, its place stated once: consistent",
     [_rate("a", 2.62, place_from="clause"),
      _rate("a", 2.62, place="huyện Nghi Xuân", place_from="before",
            sentence="Theo báo cáo, đến cuối năm 2022 tỷ lệ hộ nghèo còn 2,62%.")],
     {"repeat_consistent": 1}),
    ("one article gives a value for each of two stated places: no repeat",
     [_rate("a", 2.62, place_from="clause"),
      _rate("a", 2.62, place="huyện Nghi Xuân", place_from="clause")],
     {"repeat_consistent": 0, "repeat_conflict": 0}),
    ("a place taken from the article as a whole, or carried, is too weak to compare by",
     [_rate("a", 2.62, place_from="article"), _rate("b", 3.1, place_from="before")],
     {"cross_article_conflict": 0}),
    ("a place stated in the figure's clause or sentence is compared",
     [_rate("a", 2.62, place_from="clause"), _rate("b", 3.1, place_from="sentence")],
     {"cross_article_conflict": 1}),
    ("cross-article agreement is no conflict",
     [_rate("a", 2.62, place="thị xã Hồng Lĩnh"), _rate("b", 2.62, place="TX Hồng Lĩnh")],
     {"cross_article_conflict": 0}),
    ("different places are no conflict",
     [_rate("a", 2.62, place="thị xã Hồng Lĩnh"), _rate("b", 3.1, place="huyện Nghi Xuân")],
     {"cross_article_conflict": 0}),
    ("different periods are no conflict",
     [_rate("a", 2.62), _rate("b", 3.1, period_start="2021-12-31", period_end="2021-12-31")],
     {"cross_article_conflict": 0}),
    ("funding of different subjects is no conflict",
     [dict(article_id="a", metric="funding", value=1e9, unit="vnd", place="thị xã Hồng Lĩnh",
           subject="kinh phí xây dựng nhà văn hóa", **Y23),
      dict(article_id="b", metric="funding", value=5e9, unit="vnd", place="thị xã Hồng Lĩnh",
           subject="vốn vay ưu đãi hộ nghèo", **Y23)],
     {"cross_article_conflict": 0}),
    # ---- a conflict needs strong evidence that both figures measure the same thing
    ("conflict: funding with the same measured words, two values",
     [_fund("a", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng")),
      _fund("b", 8e9, "8 tỷ đồng", "Tổng kinh phí xây dựng nông thôn mới của huyện Nghi Xuân năm 2023 là 8 tỷ đồng.")],
     {"cross_article_conflict": 1}),
    ("conflict: different head noun phrases are different things (vốn huy động vs dư nợ)",
     [_fund("a", 120e12, "khoảng 120.605 tỷ đồng", "Đến cuối năm 2023, tổng nguồn vốn huy động trên địa bàn "
            "huyện Nghi Xuân đạt khoảng 120.605 tỷ đồng.", qualifier="approx"),
      _fund("a", 222e12, "222.121 tỷ đồng", "Tổng dư nợ tín dụng trên địa bàn huyện Nghi Xuân đạt 222.121 tỷ đồng.")],
     {"repeat_conflict": 0}),
    ("conflict: a place-less figure is never matched across articles",
     [_fund("a", 5e9, "5 tỷ đồng", "Năm 2023, tổng kinh phí xây dựng nông thôn mới đạt 5 tỷ đồng.", place=""),
      _fund("b", 8e9, "8 tỷ đồng", "Năm 2023, tổng kinh phí xây dựng nông thôn mới đạt 8 tỷ đồng.", place="")],
     {"cross_article_conflict": 0, "repeat_conflict": 0}),
    ("conflict: place-less within one article only with exactly the same words",
     [_fund("a", 5e9, "5 tỷ đồng", "Năm 2023, tổng kinh phí xây dựng nông thôn mới đạt 5 tỷ đồng.", place=""),
      _fund("a", 8e9, "8 tỷ đồng", "Tổng kinh phí xây dựng nông thôn mới năm 2023 là 8 tỷ đồng.", place=""),
      _fund("a", 9e9, "9 tỷ đồng", "Tổng kinh phí sửa chữa trường học năm 2023 là 9 tỷ đồng.",
            place="")],
     {"repeat_conflict": 1}),
    ("conflict: one period unknown is no conflict",
     [_fund("a", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng")),
      _fund("b", 8e9, "8 tỷ đồng", FUND.format("8 tỷ đồng"), period_start="", period_end="")],
     {"cross_article_conflict": 0}),
    ("conflict: a year and its first quarter are different periods",
     [_fund("a", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng")),
      _fund("b", 1e9, "1 tỷ đồng", FUND.format("1 tỷ đồng"), period_start="2023-01-01", period_end="2023-03-31")],
     {"cross_article_conflict": 0}),
    ("conflict: a period named only as a comparison baseline is unknown",
     [_fund("a", 3555e9, "3.555 tỷ đồng", "Năm 2023, tổng kinh phí xây dựng nông thôn mới của huyện Nghi Xuân "
            "đạt 3.555 tỷ đồng."),
      _fund("a", 3600e9, "3.600 tỷ đồng", "Tổng kinh phí xây dựng nông thôn mới của huyện Nghi Xuân đạt "
            "3.600 tỷ đồng, tăng 1,4% so với thực hiện năm 2023.", period_text="năm 2023")],
     {"repeat_conflict": 0}),
    ("conflict: more than 2 billion is consistent with 5 billion; about 5 with 5.3",
     [_fund("a", 2e9, "hơn 2 tỷ đồng", FUND.format("hơn 2 tỷ đồng"), qualifier="gt"),
      _fund("b", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng")),
      _fund("c", 5.3e9, "khoảng 5,3 tỷ đồng", FUND.format("khoảng 5,3 tỷ đồng"), qualifier="approx")],
     {"cross_article_conflict": 0}),
    ("conflict: rounding or cutting to the written precision agrees (2.584 triệu = 2,5 tỷ)",
     [_fund("a", 2584e6, "2.584 triệu đồng", FUND.format("2.584 triệu đồng")),
      _fund("b", 2.5e9, "2,5 tỷ đồng", FUND.format("2,5 tỷ đồng"))],
     {"cross_article_conflict": 0}),
    ("conflict: a range agrees with a value inside it",
     [_fund("a", 4e9, "4 - 6 tỷ đồng", FUND.format("4 - 6 tỷ đồng"), value_max=6e9),
      _fund("b", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng"))],
     {"cross_article_conflict": 0}),
    ("conflict: a per-unit figure never conflicts with a total",
     [_fund("a", 5e6, "5 triệu đồng/hộ", FUND.format("5 triệu đồng/hộ")),
      _fund("b", 8e9, "8 tỷ đồng", FUND.format("8 tỷ đồng"))],
     {"cross_article_conflict": 0}),
    ("conflict: a restatement in parentheses is no figure of its own",
     [_fund("a", 580e9, "580,3 tỷ đồng", "Năm 2023, huyện Nghi Xuân vay 25 triệu USD (quy đổi ra VND là 580,3 tỷ đồng)."),
      _fund("a", 667e9, "667,2 tỷ đồng", "Năm 2023, huyện Nghi Xuân vay 29 triệu USD (quy đổi ra VND là 667,2 tỷ đồng).")],
     {"repeat_conflict": 0}),
    ("conflict: a change is not a level (giảm 3% vs còn 10%)",
     [_rate("a", 3.0, raw="3%", sentence="Năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh giảm 3%."),
      _rate("a", 10.0, raw="10%", sentence="Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 10%.")],
     {"repeat_conflict": 0}),
    ("conflict: households per 100 are a ratio, not a total",
     [_hh("a", 2310000, "hơn 2,31 triệu hộ", "Cả nước có hơn 2,31 triệu hộ nghèo.", qualifier="gt", place="Việt Nam"),
      _hh("a", 15, "15 hộ", "Cả nước, cứ 100 hộ thì có 15 hộ nghèo.", place="Việt Nam")],
     {"repeat_conflict": 0}),
    ("conflict: poor households of one district, two articles, two values",
     [_hh("a", 1200, "1.200 hộ", "Cuối năm 2022, huyện Nghi Xuân còn 1.200 hộ nghèo."),
      _hh("b", 1500, "1.500 hộ", "Đến cuối năm 2022, toàn huyện Nghi Xuân còn 1.500 hộ nghèo.")],
     {"cross_article_conflict": 1}),
    ("conflict: counts of different counted nouns differ (hộ vs người)",
     [_hh("a", 1200, "1.200 hộ", "Cuối năm 2022, huyện Nghi Xuân hỗ trợ 1.200 hộ nghèo.", metric="households"),
      _hh("b", 1500, "1.500 người", "Cuối năm 2022, huyện Nghi Xuân hỗ trợ 1.500 người nghèo.", metric="households",
          unit_text="người")],
     {"cross_article_conflict": 0}),
    ("conflict: households supported vs households that escaped poverty",
     [_hh("a", 120, "120 hộ", "Năm 2022, huyện Nghi Xuân hỗ trợ xây nhà cho 120 hộ nghèo.", metric="households"),
      _hh("b", 300, "300 hộ", "Năm 2022, huyện Nghi Xuân có 300 hộ thoát nghèo.", metric="households")],
     {"cross_article_conflict": 0}),
    ("conflict: a list of projects, one measure with many values, names several things",
     [_fund("a", v * 1e9, f"{v} tỷ đồng", f"Năm 2023, dự án {n} tại huyện Nghi Xuân, tổng vốn đầu tư đăng ký {v} tỷ đồng.")
      for n, v in [("A", 3), ("B", 15), ("C", 70)]],
     {"repeat_conflict": 0}),
    ("conflict: two articles that also agree on a value list several things",
     [_fund("a", 3e9, "3 tỷ đồng", "Năm 2023, dự án A tại huyện Nghi Xuân, tổng vốn đầu tư đăng ký 3 tỷ đồng."),
      _fund("b", 3e9, "3 tỷ đồng", "Năm 2023, dự án A tại huyện Nghi Xuân có tổng vốn đầu tư đăng ký 3 tỷ đồng."),
      _fund("b", 15e9, "15 tỷ đồng", "Năm 2023, dự án B tại huyện Nghi Xuân có tổng vốn đầu tư đăng ký 15 tỷ đồng.")],
     {"cross_article_conflict": 0}),
    ("conflict: profits of two companies named in their sentences",
     [_fund("a", 488e9, "488 tỷ đồng", "Năm 2023, lợi nhuận sau thuế của công ty VGC đạt 488 tỷ đồng.",
            metric="money", place=""),
      _fund("a", 180e9, "gần 180 tỷ đồng", "Năm 2023, lợi nhuận sau thuế của công ty đạt gần 180 tỷ đồng.",
            metric="money", place="", qualifier="approx")],
     {"repeat_conflict": 0}),
    ("conflict: items of an export list and an import list",
     [_item(EXPORTS, 1000, "161 triệu USD"), _item(EXPORTS, 1000, "19,8 triệu USD"),
      _item(EXPORTS, 1000, "21,5 triệu USD"), _item(IMPORTS, 2000, "234 triệu USD"),
      _item(IMPORTS, 2000, "26,6 triệu USD"), _item(IMPORTS, 2000, "17,9 triệu USD")],
     {"repeat_conflict": 0}),
    ("conflict: two sentences each naming something the other does not (two donors)",
     [_fund("a", 2e8, "200 triệu đồng", "Năm 2023, ông Nguyễn Mỹ Hào trao số tiền hỗ trợ xây dựng nông thôn mới "
            "200 triệu đồng cho huyện Nghi Xuân."),
      _fund("b", 6e9, "6 tỷ đồng", "Năm 2023, ông Nghiêm Xuân Thành trao số tiền hỗ trợ xây dựng nông thôn mới "
            "6 tỷ đồng cho huyện Nghi Xuân.")],
     {"cross_article_conflict": 0}),
    ("conflict: place-less within one article needs the same names (a group and its subsidiary)",
     [_fund("a", 19956e9, "19.956 tỷ đồng", "Sáu tháng đầu năm 2023, Viettel nộp ngân sách 19.956 tỷ đồng.", place=""),
      _fund("a", 2700e9, "2.700 tỷ đồng", "Sáu tháng đầu năm 2023, công ty Fone nộp ngân sách 2.700 tỷ đồng.", place="")],
     {"repeat_conflict": 0}),
    ("conflict: a running total to a quarter is not the quarter",
     [_fund("a", 11932e9, "11.932 tỷ đồng", "Tính đến quý III-2023, tổng kinh phí giải ngân của huyện Nghi Xuân "
            "là 11.932 tỷ đồng.", period_start="2023-07-01", period_end="2023-09-30", period_text="quý III-2023"),
      _fund("a", 2615e9, "2.615 tỷ đồng", "Trong quý III-2023, tổng kinh phí giải ngân của huyện Nghi Xuân là "
            "2.615 tỷ đồng.", period_start="2023-07-01", period_end="2023-09-30", period_text="quý III-2023")],
     {"repeat_conflict": 0}),
    ("conflict: an increment (tăng vốn thêm) is not a level",
     [_fund("a", 90e12, "90 nghìn tỷ đồng", FUND.format("90 nghìn tỷ đồng")),
      _fund("a", 114e12, "114 nghìn tỷ đồng", "Năm 2023, tổng kinh phí xây dựng nông thôn mới của huyện Nghi Xuân "
            "tăng thêm 114 nghìn tỷ đồng.")],
     {"repeat_conflict": 0}),
    ("restated: two articles, one sentence, one household count changed (place-less)",
     [_hh(a, v, f"{v} hộ", f"UBND huyện đã tạm dừng chi trả hỗ trợ đối với {v} hộ theo danh sách và chỉ đạo cơ quan "
          "chức năng huyện, xã, thị trấn kiểm tra, rà soát lại.", metric="households", place="",
          period_start="", period_end="") for a, v in [("a", 175), ("b", 167)]],
     {"cross_article_conflict": 1}),
    ("restated: a template filled twice (another day, other numbers) is no restatement",
     [_fund(a, v, r, f"Chốt phiên giao dịch {day}, tổng khối lượng giao dịch đạt {n} triệu đơn vị trên sàn chứng "
            f"khoán thành phố, giá trị giao dịch {r}, trong đó giao dịch thỏa thuận chỉ đóng góp một phần nhỏ.",
            place="", period_start="", period_end="")
      for a, day, n, v, r in [("a", "6/2", 73, 1355.68e9, "1.355,68 tỷ đồng"), ("b", "7/2", 127, 2484e9, "2.484 tỷ đồng")]],
     {"cross_article_conflict": 0}),
    ("restated: a daily quote (money, per unit) is no restatement across undated articles",
     [_fund(a, v, r, "Vàng thế giới quy đổi theo giá USD ngân hàng có giá gần 33,8 triệu đồng/lượng, chưa tính thuế "
            f"và phí, thấp hơn giá vàng trong nước {r}.", metric="money", place="", period_start="", period_end="")
      for a, v, r in [("a", 3.5e6, "3,5 triệu đồng/lượng"), ("b", 2.7e6, "2,7 triệu đồng/lượng")]],
     {"cross_article_conflict": 0}),
    ("repeat consistent: two lower bounds of different values are not one figure stated twice",
     [_said("a", 90e6, "hơn 90 triệu người", "Với dân số {}, Việt Nam là một thị trường lớn của khu vực.",
            qualifier="gt"),
      _said("a", 100e6, "trên 100 triệu người", "Với dân số {}, Việt Nam là một thị trường lớn của châu Á.",
            qualifier="gt")],
     {"repeat_consistent": 0}),
    ("repeat consistent: one lower bound stated twice in two formats",
     [_said("a", 2.16e9, "hơn 2.160 triệu đồng", "Năm 2023, tổng kinh phí hỗ trợ của Vietlott {}.", qualifier="gt",
            metric="money", unit="vnd"),
      _said("a", 2.16e9, "hơn 2 tỷ160 triệu đồng", "Ông Khánh cho biết tổng kinh phí hỗ trợ của Vietlott {}.",
            qualifier="gt", metric="money", unit="vnd")],
     {"repeat_consistent": 1}),
    ("restated: a name both sentences give anchors a count; one finding names all three articles",
     [_said("a", 15, "15 người", ARREST), _said("b", 20, "hơn 20 người", ARREST, qualifier="gt"),
      _said("c", 20, "hơn 20 người", ARREST, qualifier="gt")],
     {"cross_article_conflict": 1}),
    ("restated: boilerplate without a name is no restatement (two court cases)",
     [_said("a", 349e6, "349 triệu đồng", DAMAGES, metric="money", unit="vnd"),
      _said("b", 139e6, "139 triệu đồng", DAMAGES, metric="money", unit="vnd")],
     {"cross_article_conflict": 0}),
    ("restated: a sentence that articles fill with three values is a template (a jackpot)",
     [_said(a, v * 1e9, f"{v} tỷ đồng", JACKPOT, metric="money", unit="vnd")
      for a, v in [("a", 15), ("b", 35), ("c", 55)]],
     {"cross_article_conflict": 0}),
    ("restated: a sentence one article fills twice is a template (two indices)",
     [_said(a, v, raw, SUPPORT, metric="score", unit="point", value_max=m, qualifier="approx")
      for a, v, m, raw in [("a", 727, 738, "727-738 điểm"), ("a", 91.1, 93, "91,1-93 điểm"),
                           ("b", 92.4, 96, "92,4-96 điểm")]],
     {"cross_article_conflict": 0}),
    ("restated: a forecast is of another day",
     [_said(a, v, f"{v} người", ARREST, status="plan") for a, v in [("a", 15), ("b", 25)]],
     {"cross_article_conflict": 0}),
    ("restated: two winners' initials differ (ông T.Đ.L, ông T.Q.)",
     [_said("a", 11.2e9, "11,2 tỷ đồng", TAX.format("T.Đ.L", "{}"), metric="money", unit="vnd"),
      _said("b", 8.2e9, "8,2 tỷ đồng", TAX.format("T.Q.", "{}"), metric="money", unit="vnd")],
     {"cross_article_conflict": 0}),
    ("restated: one winner's initials in both articles, two values",
     [_said("a", 11.2e9, "11,2 tỷ đồng", TAX.format("T.Q.", "{}"), metric="money", unit="vnd"),
      _said("b", 8.2e9, "8,2 tỷ đồng", TAX.format("T.Q.", "{}"), metric="money", unit="vnd")],
     {"cross_article_conflict": 1}),
    ("restated: one sentence twice in one article is a table, not a conflict",
     [_fund("a", v, r, "Nhóm ngành khoa học tự nhiên, kỹ thuật, công nghệ, thể dục thể thao, nghệ thuật, khách sạn, "
            f"du lịch: mức thu học phí {r} mỗi sinh viên mỗi tháng.", metric="money", place="",
            period_start="", period_end="") for v, r in [(9e5, "900.000 đồng"), (8e5, "800.000 đồng")]],
     {"repeat_conflict": 0}),
    ("bound: n > m of people is an overloaded bus, not impossible",
     [dict(article_id="a", metric="count", value=55, total=46, unit="person", unit_text="người", raw="55/46 người",
           sentence="Xe chở quá số người quy định (55/46 người).", **Y23)], {"bound": 0}),
    ("part_whole: wards add up to their town",
     [dict(article_id="a", metric="poor_households", value=100, unit="household", place="thị xã Hồng Lĩnh",
           subject="hộ nghèo", raw="100 hộ", **P22),
      dict(article_id="a", metric="poor_households", value=60, unit="household", place="phường Nam Hồng",
           subject="hộ nghèo", raw="60 hộ", **P22),
      dict(article_id="a", metric="poor_households", value=40, unit="household", place="phường Bắc Hồng",
           subject="hộ nghèo", raw="40 hộ", **P22)],
     {"part_whole": 1}),
    ("part_whole: wards exceed their town",
     [dict(article_id="a", metric="poor_households", value=80, unit="household", place="thị xã Hồng Lĩnh",
           subject="hộ nghèo", raw="80 hộ", **P22),
      dict(article_id="a", metric="poor_households", value=60, unit="household", place="phường Nam Hồng",
           subject="hộ nghèo", raw="60 hộ", **P22),
      dict(article_id="a", metric="poor_households", value=40, unit="household", place="phường Bắc Hồng",
           subject="hộ nghèo", raw="40 hộ", **P22)],
     {"part_whole": 1}),
    ("part_whole: a breakdown adds up, a nested part after it left out",
     _counts("Năm 2023, huyện Nghi Xuân có 120 hộ thoát nghèo, trong đó 80 hộ nghèo và 40 hộ cận nghèo "
             "(25 hộ được hỗ trợ vốn).", "120 hộ", "80 hộ", "40 hộ", "25 hộ"),
     {"part_whole": 1}),
    ("part_whole: nested parts of a breakdown are no failure",
     _counts("Năm 2023, huyện Nghi Xuân có 42 tàu đóng mới, trong đó 38 tàu đã đưa vào khai thác, gồm 35 tàu "
             "khai thác và 3 tàu dịch vụ.", "42 tàu", "38 tàu", "35 tàu", "3 tàu", unit="item"),
     {"part_whole": 0}),
    ("part_whole: parts of another noun are not the whole's (tỉnh, huyện, bệnh viện)",
     _counts("Năm 2023, đoàn đã làm việc tại 13 tỉnh, trong đó 12 bệnh viện và 1 huyện.",
             "13 tỉnh", "12 bệnh viện", "1 huyện", unit="item"),
     {"part_whole": 0}),
    ("trend outlier: one value far off the series",
     [_rate(a, v, period_start=f"{y}-12-31", period_end=f"{y}-12-31")
      for a, v, y in [("a", 5.1, 2018), ("b", 4.6, 2019), ("c", 4.0, 2020), ("d", 36.0, 2021), ("e", 3.2, 2022)]],
     {"trend_outlier": 1}),
    ("trend: a steady decline has no outlier",
     [_rate(a, v, period_start=f"{y}-12-31", period_end=f"{y}-12-31")
      for a, v, y in [("a", 5.1, 2018), ("b", 4.6, 2019), ("c", 4.0, 2020), ("d", 3.6, 2021), ("e", 3.2, 2022)]],
     {"trend_outlier": 0}),
]


@pytest.mark.parametrize("name,figs,expected", CASES, ids=[c[0] for c in CASES])
def test_check_kinds(tmp_path, name, figs, expected):
    arts = sorted({f["article_id"] for f in figs})
    _desk.write_rows(tmp_path, arts, figs)
    found = checks.run(tmp_path)
    for kind, n in expected.items():
        got = [c for c in found if c.kind == kind]
        assert len(got) == n, (name, kind, [c.message for c in found])
        for c in got:
            assert c.figure_ids and c.article_ids and c.message.endswith(".")
    if "all three articles" in name:
        assert [c for c in found if c.kind == "cross_article_conflict"][0].article_ids == "a;b;c"
    if "nested part after it" in name:
        assert [c for c in found if c.kind == "part_whole"][0].figure_ids == "a#1;a#2;a#3"
    if "part_whole" in expected and "exceed" in name:
        assert [c for c in found if c.kind == "part_whole"][0].severity == "error"


def test_checks_csv_is_formula_escaped(tmp_path):
    checks.write([Check("bound", "error", "a#1", "a", "=HYPERLINK(\"x\")", "c1")], tmp_path)
    raw = (tmp_path / "checks.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw
    assert load(tmp_path)["checks"]["message"].iloc[0] == '=HYPERLINK("x")'


# ---------------------------------------------------------------- query, datapackage, report

def test_query_formats(seed_dir):
    sql = "SELECT metric, count(*) AS n FROM figures WHERE period_end = DATE '2023-09-30' GROUP BY 1 ORDER BY 1"
    t = cli("query", seed_dir, sql)
    assert t.returncode == 0 and "funding" in t.stdout and "(3 rows)" in t.stdout
    rows = json.loads(cli("query", seed_dir, sql, "--format", "json").stdout)
    assert {"metric": "funding", "n": 2} in rows
    c = cli("query", seed_dir, "SELECT kind FROM checks ORDER BY check_id", "--format", "csv").stdout
    assert c.splitlines()[:3] == ["kind", "repeat_consistent", "repeat_consistent"]
    bad = cli("query", seed_dir, "SELECT nope FROM figures")
    assert bad.returncode == 1 and "error" in bad.stderr


def test_datapackage(seed_dir):
    dp = json.loads((seed_dir / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in dp["resources"]}
    assert set(res) == {"articles", "figures", "statements", "tasks", "checks"}
    for name, r in res.items():
        header = (seed_dir / r["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in r["schema"]["fields"]] == header
        assert all(f["description"] and f["type"] in ("string", "integer", "number", "date", "datetime")
                   for f in r["schema"]["fields"])
    types = {f["name"]: f["type"] for f in res["figures"]["schema"]["fields"]}
    assert (types["value"], types["period_end"], types["char_start"], types["raw"]) == \
        ("number", "date", "integer", "string")
    arts = {f["name"]: f["type"] for f in res["articles"]["schema"]["fields"]}
    assert (arts["fetched_at"], arts["warc_offset"]) == ("datetime", "integer")


def test_report_is_self_contained(seed_dir, tmp_path):
    out = tmp_path / "r.html"
    r = cli("report", seed_dir, "--out", out)
    assert r.returncode == 0, r.stderr
    h = out.read_text(encoding="utf-8")
    assert "<script src" not in h and "cdn." not in h.split("<script>")[0]
    assert "Plotly.newPlot(\"chart-poverty_rate\"" in h and "plotly.js" in h.lower()
    assert 'id="m-funding"' in h and "Mai Văn Danh" in h
    assert "part_whole (info: what holds)" in h or "part_whole" in h.split('id="checks"')[1][:3000]   # info: counted
    assert "hơn 2 tỷ160 triệu đồng" in h                                       # a latest value as written
    assert "https://honglinh.hatinh.gov.vn/" in h                              # … and its source


def test_report_series_by_unit_not_spelling(tmp_path):
    figs = [_rate("a", 5.1, place="TX Hồng Lĩnh", period_start="2021-12-31", period_end="2021-12-31"),
            _rate("b", 2.62, place="thị xã Hồng Lĩnh"),
            _rate("c", 7.0, place="", period_start="2021-12-31", period_end="2021-12-31"),
            _rate("d", 3.0, place="", period_start="2023-12-31", period_end="2023-12-31")]
    _desk.write_rows(tmp_path, ["a", "b", "c", "d"], figs)
    h = report.build(tmp_path)
    call = h[h.index('Plotly.newPlot("chart-poverty_rate"'):]
    traces = json.loads(call[call.index("["):call.index("], {") + 1])
    by_name = {t["name"]: t for t in traces}
    assert len(by_name["Thị xã Hồng Lĩnh, Tỉnh Hà Tĩnh"]["y"]) == 2 and len(traces) == 2
    assert by_name["(place not stated)"]["mode"] == "markers"     # many places: no line through them


def test_report_charts_money_in_ty_dong(tmp_path):
    figs = [_fund("a", 2.16e9, "2.160 triệu đồng", FUND.format("2.160 triệu đồng")),
            _fund("b", 5e9, "5 tỷ đồng", FUND.format("5 tỷ đồng"), period_start="2024-01-01", period_end="2024-12-31")]
    _desk.write_rows(tmp_path, ["a", "b"], figs)
    h = report.build(tmp_path)
    call = h[h.index('Plotly.newPlot("chart-funding"'):]
    traces = json.loads(call[call.index("["):call.index("], {") + 1])
    assert sorted(y for t in traces for y in t["y"]) == [2.16, 5.0]
    layout, _ = json.JSONDecoder().raw_decode(call[call.index("], {") + 3:])
    assert layout["yaxis"]["title"]["text"] == "tỷ đồng" and layout["separators"] == ",."


def test_extract_writes_datapackage(tmp_path):
    r = cli("extract", _desk.SEED, "--out", tmp_path / "out", "--quiet", "--workers", "1")
    assert r.returncode == 0, r.stderr
    dp = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    res = {x["name"]: x for x in dp["resources"]}
    header = (tmp_path / "out" / "figures.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [f["name"] for f in res["figures"]["schema"]["fields"]] == header


@pytest.mark.parametrize("sql,kind", [
    ("COPY figures TO '{tmp}/leak.csv'", "COPY"),
    ("ATTACH '{tmp}/a.db'", "ATTACH"),
    ("DROP TABLE figures", "DROP"),
    ("INSTALL httpfs", "LOAD"),
    ("SET lock_configuration = false", "SET"),
    ("SELECT 1; DROP TABLE figures", "DROP"),
])
def test_query_only_reads(seed_dir, tmp_path, sql, kind):
    r = cli("query", seed_dir, sql.format(tmp=tmp_path))
    assert r.returncode == 2 and f"refused: {kind}" in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())


def test_query_reads_no_file_of_the_machine(seed_dir):
    r = cli("query", seed_dir, "SELECT * FROM read_csv_auto('/etc/passwd')")
    assert r.returncode == 1 and "Permission" in r.stderr and "root" not in r.stdout


def test_query_still_reads_the_dataset(seed_dir):
    r = cli("query", seed_dir, "WITH p AS (SELECT * FROM figures WHERE metric = 'poverty_rate') SELECT value FROM p")
    assert r.returncode == 0 and "2.62" in r.stdout
    assert cli("query", seed_dir, "DESCRIBE figures").returncode == 0


def test_report_shows_every_warning_first_and_charts_levels_by_place(tmp_path):
    import json as _json
    from hl_extract.dataset.batch import extract
    from hl_extract.desk import checks, report
    rec = [{"id": "a:1", "date": "2023-01-10", "text": "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,62%."},
           {"id": "b:1", "date": "2023-01-12", "text": "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,8%."},
           {"id": "c:1", "date": "2023-02-01", "text": "Năm 2022, huyện Can Lộc giải ngân 2.300 tỷ đồng vốn đầu tư công, "
                                                      "xã Thiên Lộc được hỗ trợ 150 triệu đồng."},
           {"id": "d:1", "date": "2021-02-01", "text": "Cuối năm 2020, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh giảm 0,8%."}]
    (tmp_path / "in.jsonl").write_text("".join(_json.dumps(r, ensure_ascii=False) + "\n" for r in rec),
                                       encoding="utf-8")
    extract([tmp_path / "in.jsonl"], tmp_path / "d", progress=False, workers=1)
    found = checks.run(tmp_path / "d")
    assert any(c.kind == "cross_article_conflict" and c.severity == "warning" for c in found)
    h = report.build(tmp_path / "d")
    first = h.split('id="checks"')[1].split("<section")[0]
    assert h.index('id="checks"') < h.index('id="m-poverty_rate"')       # the findings come first
    assert "cross_article_conflict" in first and "sev-warning" in first
    assert 'href="#cite-fig-a-1-1"' in first and "còn 2,62%." in first        # linked to its figure and sentence
    chart = h.split('Plotly.newPlot("chart-poverty_rate"')[1].split(");")[0]
    assert "0,8" not in chart and "2,62" in chart                       # a change is no point of a series
    money = h.split('Plotly.newPlot("chart-funding"')[1].split(");")[0]
    assert '"type": "log"' in money and "tỷ đồng (log scale)" in money   # 0,15 and 2.300 tỷ: a log axis
    assert "The most recent value of each place" in h

