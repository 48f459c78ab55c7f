"""Claim verification: claims parsed into queries (a table of real claim sentences), agreement
as a reader means it (a table of value pairs), verdicts on small datasets, the batch CLI, and
hostile input."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

import _desk
from hl_extract import load
from hl_extract.desk.verify import Desk, verify
from hl_extract.desk.verify.agree import agree
from hl_extract.desk.verify.kinds import parse
from testenv import run_cli as cli

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

AS_OF = "2026-12-04"
Y23 = dict(period_start="2023-01-01", period_end="2023-12-31", period_text="năm 2023")


# ---------------------------------------------------------------- claims → queries

@pytest.mark.parametrize("claim,kind,value,metric,unit,points,place,period_end", [
    ("Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 2,62%.",
     "lookup", 2.62, "poverty_rate", "percent", False, "vn:d:437", "2022-12-31"),
    # a province without its type word; a short form
    ("Đến cuối năm 2018, Gia Lai còn hơn 35.700 hộ nghèo.",
     "lookup", 35700, "poor_households", "household", False, "vn:p:64", "2018-12-31"),
    ("Thu ngân sách nhà nước trên địa bàn TP.HCM 6 tháng đầu năm 2017 đạt 180.000 tỷ đồng.",
     "lookup", 180e12, None, "vnd", False, "vn:p:79", "2017-06-30"),
    # `55 trên 63 tiêu chí` is 55 of 63, not "more than 63"
    ("Thị xã Hồng Lĩnh đến nay đã đạt 55 trên 63 tiêu chí đô thị loại III.",
     "lookup", 55, "criteria_met", "criterion", False, "vn:d:437", AS_OF),
    # percentage points, a range as the baseline
    ("Từ năm 2011 đến cuối năm 2016, tỷ lệ hộ nghèo ở Quế Long giảm 24,56 điểm phần trăm.",
     "change", -24.56, "poverty_rate", "percent", True, "vn:w:20677", "2016-12-31"),
    ("Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh năm 2022 giảm 0,5% so với năm 2021.",
     "change", -0.5, "poverty_rate", "percent", True, "vn:d:437", "2022-12-31"),
    # a difference between two rates of one place, and between two places
    ("Cuối năm 2022, tỷ lệ hộ cận nghèo của Hồng Lĩnh cao hơn tỷ lệ hộ nghèo 0,42 điểm phần trăm.",
     "difference", 0.42, "near_poverty_rate", "percent", True, "vn:d:437", "2022-12-31"),
    ("Mức vốn ủy thác bình quân của vùng Tây Nam bộ thấp hơn mức bình quân cả nước 65 tỷ đồng.",
     "difference", -65e9, None, "vnd", False, None, ""),
    # sums: of two metrics, of two places, of parts the claim states
    ("Tổng tỷ lệ hộ nghèo và hộ cận nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 5,66%.",
     "sum", 5.66, None, "percent", False, "vn:d:437", "2022-12-31"),
    ("Hà Tĩnh và Quảng Trị đã chi trả tổng cộng 2.254 tỷ đồng tiền bồi thường.",
     "sum", 2254e9, None, "vnd", False, None, ""),
])
def test_claims_parse_into_queries(claim, kind, value, metric, unit, points, place, period_end):
    q = parse(claim, AS_OF)
    assert q.kind == kind
    p = next(p for p in q.parts if p.kind == kind)
    assert p.value == pytest.approx(value)
    assert p.ask.unit == unit
    assert p.points == points
    if metric:
        assert p.ask.metric == metric
    if place:
        assert p.ask.place is not None and p.ask.place.key == place
    assert p.ask.period_end == period_end


@pytest.mark.parametrize("claim,values", [
    # counts and sizes of what an amount is about are not claimed themselves
    ("Ước tính sơ bộ, 9 lô đất ở Thủ Thiêm có tổng mức đầu tư khoảng 27 nghìn tỷ đồng.", [27e12]),
    ("Ở xã Hòa Tiến, một lô đất chừng 100 m2 được chủ rao với giá thấp nhất là 520 triệu đồng.", [520e6]),
    # …but two counts are two lookups, and an amount before a count keeps both
    ("Công an tỉnh đã phát hiện 1.040 vụ với 562 đối tượng.", [1040, 562]),
    ("Tỉnh chi 20 tỷ đồng để xây 120 căn nhà cho hộ nghèo.", [20e9, 120]),
])
def test_which_numbers_of_a_claim_are_looked_up(claim, values):
    got = [p.value for p in parse(claim, AS_OF).parts if p.kind == "lookup"]
    assert got == pytest.approx(values)


def test_a_change_against_a_stated_level():
    # the claim's own arithmetic (15 − 8 = 7), and its levels looked up
    q = parse("Kinh phí kè được điều chỉnh lên 15 tỷ đồng, tăng 7 tỷ so với mức 8 tỷ đồng cuối năm 2014.", AS_OF)
    assert [(p.kind, p.value) for p in q.parts][:1] == [("change", 7e9)]
    assert q.parts[0].stated == [15e9, 8e9] and {p.value for p in q.parts if p.kind == "lookup"} == {15e9, 8e9}
    # no new level stated: the new one (23 − 5 = 18 %) is looked up
    q = parse("Từ năm 2017, tỷ lệ điều tiết ngân sách cho TP.HCM giảm 5 điểm phần trăm so với mức 23%.", AS_OF)
    assert [(p.kind, p.value) for p in q.parts][:2] == [("change", -5), ("lookup", 18)]


@pytest.mark.parametrize("claim,kind", [
    ("Lũ vượt báo động 3 đã làm vỡ 7 bờ bao ở Cần Thơ.", "lookup"),        # a level's name, no difference
    ("Ở Bà Rịa - Vũng Tàu, tỷ lệ vốn thực hiện năm 2016 cao hơn năm 2015 là 4,7 điểm phần trăm.", "difference"),
    ("Tại Thủ Thiêm, tổng chi phí vượt tổng thu dự kiến khoảng 12.734 tỷ đồng.", "difference"),
    ("Theo báo cáo năm 2016, xã Tứ Cường đã hoàn thành 15 trong 19 tiêu chí nông thôn mới.", "lookup"),
    ("Năm 2020, tiền ủng hộ Quỹ Vì người nghèo ở tỉnh Đắk Nông nhiều hơn tiền ủng hộ phòng, chống Covid-19 "
     "khoảng 1,1 tỷ đồng.", "difference"),                           # `Covid-19` is a name
])
def test_claim_kinds(claim, kind):
    q = parse(claim, AS_OF)
    assert q.kind == kind
    if "15 trong 19" in claim:
        assert (q.parts[0].value, q.parts[0].ask.total) == (15, 19)


def test_claim_with_two_numbers_is_two_lookups():
    q = parse("6 tháng đầu năm 2017, tỉnh Tây Ninh bắt giữ 1.040 vụ buôn lậu với 562 đối tượng.", AS_OF)
    assert [(p.kind, p.value) for p in q.parts] == [("lookup", 1040), ("lookup", 562)]


def test_from_to_claim_states_two_levels_not_a_change():
    q = parse("Giai đoạn 2011-2016, tỷ lệ hộ nghèo cả nước giảm từ 11,76% xuống còn 8,38%.", AS_OF)
    assert [p.kind for p in q.parts] == ["lookup", "lookup"]
    assert q.parts[0].ask.place.fold == "vietnam"


def test_as_of_resolves_relative_periods():
    a = parse("Hồng Lĩnh hiện có 55/63 tiêu chí đô thị loại III.", "2023-10-01").parts[0].ask
    assert a.now and a.period_end == "2023-10-01"
    b = parse("Năm ngoái, tỷ lệ hộ nghèo của tỉnh Hà Tĩnh là 5%.", "2023-10-01").parts[0].ask
    assert b.period_end[:4] == "2022"


# ---------------------------------------------------------------- agreement as a reader means it

@pytest.mark.parametrize("claim,cq,craw,source,sq,sraw,ok", [
    (2.62, "eq", "2,62%", 2.62, "eq", "2,62%", True),
    (2.6, "eq", "2,6%", 2.62, "eq", "2,62%", True),           # rounding to the coarser one
    (2.8, "eq", "2,8%", 2.62, "eq", "2,62%", False),
    (2.2e9, "eq", "2,2 tỷ đồng", 2.16e9, "eq", "2.160 triệu đồng", True),
    (2e9, "gt", "hơn 2 tỷ đồng", 2.16e9, "gt", "hơn 2.160 triệu đồng", True),
    (5e9, "gt", "hơn 5 tỷ đồng", 2.16e9, "gt", "hơn 2.160 triệu đồng", False),   # the seed
    (104e12, "gt", "hơn 104 nghìn tỷ đồng", 104.616e12, "eq", "104.616 tỷ đồng", True),
    (158e9, "gt", "hơn 158 tỷ đồng", 58e9, "gt", "trên 58 tỷ đồng", False),
    (386000, "approx", "gần 386.000 hộ", 386000, "approx", "gần 386 nghìn hộ", True),
    (8e6, "approx", "khoảng 8 triệu đồng", 17.9e6, "gt", "", False),
    (1560e9, "eq", "1.560 tỷ đồng", 1650e9, "eq", "1.650 tỷ đồng", False),
    (34, "eq", "34 hộ", 43, "eq", "43 hộ", False),
])
def test_agreement_as_a_reader_means_it(claim, cq, craw, source, sq, sraw, ok):
    assert agree(claim, cq, source, sq, craw, sraw) is ok


# ---------------------------------------------------------------- verdicts

@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory):
    return _desk.write_seed(tmp_path_factory.mktemp("seed"))


def test_seed_claims_keep_their_verdicts(seed_dir):
    claim = "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 2,62%"
    r = cli("verify", seed_dir, claim, "--json")
    assert r.returncode == 0, r.stderr
    v = json.loads(r.stdout)
    assert v["verdict"] == "supported"
    ev = v["evidence"][0]
    assert ev["value"] == 2.62 and "2,62%" in ev["sentence"] and ev["url"].startswith("https://")
    assert "poverty_rate" in v["query"] and "2022-12-31" in v["query"]
    v2 = json.loads(cli("verify", seed_dir, claim.replace("2,62%", "2,8%"), "--json").stdout)
    assert v2["verdict"] == "contradicted"
    v3 = json.loads(cli("verify", seed_dir, claim.replace("2022", "2019"), "--json").stdout)
    assert v3["verdict"] == "not_found"
    text = cli("verify", seed_dir, claim).stdout
    assert text.startswith("SUPPORTED") and "query:" in text


@pytest.mark.parametrize("claim,verdict", [
    ("Trong 9 tháng đầu năm 2023, Hồng Lĩnh đã chi hơn 2 tỷ đồng hỗ trợ hộ nghèo, cận nghèo làm nhà ở.",
     "supported"),
    ("Hồng Lĩnh đã hỗ trợ hơn 5 tỷ đồng cho hộ nghèo, cận nghèo xây nhà trong 9 tháng đầu năm 2023.",
     "contradicted"),
    ("Theo rà soát cuối năm 2022, tỷ lệ hộ nghèo ở Hồng Lĩnh là 3,04%.", "contradicted"),   # the near-poor rate
    ("Thị xã Hồng Lĩnh (Hà Tĩnh) đến nay đã đạt 55 trên 63 tiêu chí đô thị loại III.", "supported"),
    ("Cuối năm 2022, tỷ lệ hộ cận nghèo của Hồng Lĩnh cao hơn tỷ lệ hộ nghèo 0,42 điểm phần trăm.",
     "supported"),
    ("Cuối năm 2022, tỷ lệ hộ cận nghèo của Hồng Lĩnh cao hơn tỷ lệ hộ nghèo 1 điểm phần trăm.",
     "contradicted"),
    ("Tổng tỷ lệ hộ nghèo và hộ cận nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 5,66%.", "supported"),
    ("Thị xã Hồng Lĩnh hiện còn 215 hộ nghèo.", "not_found"),        # rates only, no count
    ("Tỷ lệ hộ nghèo của tỉnh Hà Tĩnh cuối năm 2022 là 5,6%.", "not_found"),   # a town is not the province
])
def test_seed_verdicts(seed_dir, claim, verdict):
    v = verify(load(seed_dir), claim, AS_OF)
    assert v.verdict == verdict, (v.explanation, v.arithmetic)
    assert len(v.evidence) <= 5


def test_seed_funding_claim_names_speaker(seed_dir):
    v = verify(load(seed_dir), "9 tháng đầu năm 2023, tổng kinh phí hỗ trợ nhà ở của thị xã Hồng Lĩnh là "
                               "2.160 triệu đồng", AS_OF)
    assert v.verdict == "supported", v.explanation
    assert {e.speaker for e in v.evidence} == {"Mai Văn Danh", ""}


_rate = _desk.rate_row


@pytest.fixture(scope="module")
def multi_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("multi")
    rows = [
        _rate("a1", 3.12, place="TX Hồng Lĩnh", period_start="2021-12-31", period_end="2021-12-31",
              period_text="cuối năm 2021"),
        _rate("a2", 2.62, place="thị xã Hồng Lĩnh"),
        _rate("a3", 2.9, place="thị xã Hồng Lĩnh"),
        *[dict(article_id="a4", metric="funding", value=v, unit="vnd", place=p, subject="kinh phí", raw=r,
               sentence=f"Kinh phí hỗ trợ của {p} năm 2023 là {r}.", **Y23)
          for v, p, r in [(1e9, "xã Thuận Lộc", "1 tỷ đồng"), (1.5e9, "phường Nam Hồng", "1,5 tỷ đồng"),
                          (2.5e9, "phường Bắc Hồng", "2,5 tỷ đồng")]],
    ]
    return _desk.write_rows(d, [{"article_id": a, "url": f"https://example.org/{a}"} for a in
                                ["a1", "a2", "a3", "a4"]], rows)


@pytest.mark.parametrize("claim,verdict,kind", [
    # two well-matched articles disagree: both shown
    ("Tỷ lệ hộ nghèo của TX Hồng Lĩnh cuối năm 2022 là 2,62%", "conflicting", "lookup"),
    ("Tỷ lệ hộ nghèo của TX Hồng Lĩnh cuối năm 2021 là 3,12%", "supported", "lookup"),
    ("Tỷ lệ hộ nghèo của TX Hồng Lĩnh cuối năm 2021 là 4%", "contradicted", "lookup"),
    ("Tổng kinh phí của 3 xã, phường Thuận Lộc, Nam Hồng, Bắc Hồng năm 2023 là 5 tỷ đồng", "supported", "sum"),
    ("Tổng kinh phí của 3 xã, phường Thuận Lộc, Nam Hồng, Bắc Hồng năm 2023 là 6 tỷ đồng", "contradicted", "sum"),
])
def test_verdicts(multi_dir, claim, verdict, kind):
    v = verify(load(multi_dir), claim, AS_OF)
    assert (v.verdict, v.kind) == (verdict, kind), (v.explanation, v.arithmetic)
    if kind == "sum":
        assert "= 5000000000" in v.arithmetic
    if verdict == "conflicting":
        assert {e.agrees for e in v.evidence} == {True, False}


def test_change_computed_from_two_levels(tmp_path):
    _desk.write_rows(tmp_path, ["a1", "a2"], [
        _rate("a1", 3.12, place="TX Hồng Lĩnh", period_start="2021-12-31", period_end="2021-12-31"),
        _rate("a2", 2.62, place="thị xã Hồng Lĩnh")])
    desk = Desk(load(tmp_path))
    ok = verify(desk, "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh năm 2022 giảm 0,5% so với năm 2021", AS_OF)
    assert (ok.kind, ok.verdict) == ("change", "supported"), ok.explanation
    assert "2.62" in ok.arithmetic and "3.12" in ok.arithmetic and "-0.5" in ok.arithmetic
    bad = verify(desk, "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh năm 2022 giảm 1 điểm phần trăm so với năm 2021", AS_OF)
    assert bad.verdict == "contradicted"
    none = verify(desk, "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh năm 2022 giảm 0,5% so với năm 2019", AS_OF)
    assert none.verdict == "not_found"


def test_change_the_source_states(tmp_path):
    s = "Năm 2018, thu ngân sách tỉnh Gia Lai đạt hơn 4.450 tỷ đồng, tăng 5% so với cùng kỳ."
    _desk.write_rows(tmp_path, ["a1"], [
        dict(metric="money", value=4450e9, unit="vnd", qualifier="gt", raw="hơn 4.450 tỷ đồng", sentence=s,
             char_start=26, sentence_start=0, place="tỉnh Gia Lai", period_start="2018-01-01",
             period_end="2018-12-31"),
        dict(metric="rate", value=5, unit="percent", raw="5%", sentence=s, char_start=s.index("5%"),
             sentence_start=0, place="tỉnh Gia Lai", period_start="2018-01-01", period_end="2018-12-31")])
    desk = Desk(load(tmp_path))
    assert verify(desk, "Năm 2018 thu ngân sách của Gia Lai tăng 5% so với cùng kỳ.", AS_OF).verdict == "supported"
    assert verify(desk, "Năm 2018 thu ngân sách của Gia Lai tăng 15% so với cùng kỳ.", AS_OF).verdict == "contradicted"
    both = verify(desk, s, AS_OF)
    assert both.verdict == "supported" and both.claimed.get("also")


def test_a_difference_within_one_list_sentence(tmp_path):
    """Each side is the list item its words are in (`…; trên 6,2 tỷ đồng ủng hộ Quỹ …`)."""
    s = ("Cụ thể, toàn tỉnh đã tiếp nhận trên 5,1 tỷ đồng ủng hộ phòng, chống Covid-19; trên 6,2 tỷ đồng "
         "ủng hộ Quỹ Vì người nghèo; cấp phát gạo cho các hộ nghèo.")
    Y20 = dict(period_start="2020-01-01", period_end="2020-09-30", place="tỉnh Đắk Nông", sentence=s,
               sentence_start=0, unit="vnd", metric="funding", qualifier="gt")
    _desk.write_rows(tmp_path, ["a1"], [
        dict(value=5.1e9, raw="trên 5,1 tỷ đồng", char_start=s.index("trên 5,1"), **Y20),
        dict(value=6.2e9, raw="trên 6,2 tỷ đồng", char_start=s.index("trên 6,2"), **Y20)])
    desk = Desk(load(tmp_path))
    claim = ("Trong 9 tháng đầu năm 2020, tiền ủng hộ Quỹ Vì người nghèo ở tỉnh Đắk Nông nhiều hơn tiền ủng hộ "
             "phòng, chống Covid-19 khoảng {} tỷ đồng.")
    ok = verify(desk, claim.format("1,1"), AS_OF)
    assert (ok.kind, ok.verdict) == ("difference", "supported"), (ok.explanation, ok.arithmetic)
    assert verify(desk, claim.format("3"), AS_OF).verdict == "contradicted"


# ---------------------------------------------------------------- batches

def test_batch_keeps_ids_counts_bad_lines_and_loads_once(seed_dir, tmp_path):
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join([
        json.dumps({"id": "c1", "claim": "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 2,62%"}),
        "{not json",
        json.dumps({"id": "c2", "claim": "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 2,8%"}),
        json.dumps({"id": "c3", "text": "no claim field"}),
        "",
        json.dumps({"id": 4, "claim": "Hồng Lĩnh hiện có 55/63 tiêu chí", "as_of": "2023-10-01"}),
    ]), encoding="utf-8")
    out = tmp_path / "v.jsonl"
    r = cli("verify", seed_dir, "--claims", claims, "--out", out, "--as-of", AS_OF)
    assert r.returncode == 1, r.stderr
    assert "claims.jsonl:2" in r.stderr and "claims.jsonl:4" in r.stderr and "2 bad line(s)" in r.stderr
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(g["id"], g["output"]["verdict"]) for g in got] == [
        ("c1", "supported"), ("c2", "contradicted"), (4, "supported")]
    assert got[2]["output"]["as_of"] == "2023-10-01" and all(g["seconds"] >= 0 for g in got)


@pytest.mark.parametrize("args,msg", [
    ([], "give one claim"),
    (["a claim", "--claims", "x.jsonl"], "not both"),
    (["--claims", "missing.jsonl"], "no such file"),
    (["--as-of", "yesterday", "x"], "not a date"),
])
def test_verify_usage_errors(seed_dir, tmp_path, args, msg):
    r = cli("verify", seed_dir, *args)
    assert r.returncode == 2 and msg in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- hostile input

@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 ,.%/-") + [
    "tăng ", "giảm ", "so với ", "năm ", "tổng ", "và ", "cao hơn ", "hộ ", "tỷ đồng ", "Hà Tĩnh ",
    "điểm phần trăm ", "từ ", "xuống còn ", "cùng kỳ ", "hiện nay ", "cộng lại là "]), max_size=30).map("".join))
def test_any_text_parses_and_verifies(seed_desk, text):
    v = verify(seed_desk, text, AS_OF)
    assert v.verdict in ("supported", "contradicted", "conflicting", "not_found")
    assert len(v.evidence) <= 5


@pytest.fixture(scope="module")
def seed_desk(seed_dir):
    return Desk(load(seed_dir))


# ---------------------------------------------------------------- matching like an editor

def test_a_change_with_no_baseline_is_read_from_two_levels_of_one_story(tmp_path):
    """`Sau …, X giảm 3,2 điểm phần trăm`: no baseline period; the story's from–to pair decides,
    the level written first being the earlier."""
    s = "Sau khi sáp nhập thôn, tỷ lệ hộ nghèo của xã Thạch Hạ giảm từ 8,5% xuống còn 5,3%."
    other = "Năm 2020, tỷ lệ hộ nghèo của xã Thạch Hạ là 9%."
    kw = dict(metric="poverty_rate", unit="percent", place="xã Thạch Hạ", sentence=s, sentence_start=0)
    _desk.write_rows(tmp_path, ["a1", "a2"], [
        dict(article_id="a1", value=8.5, raw="từ 8,5%", char_start=s.index("từ 8,5%"), **kw),
        dict(article_id="a1", value=5.3, raw="5,3%", char_start=s.index("5,3%"), **kw),
        dict(article_id="a2", value=9, raw="9%", char_start=other.index("9%"),
             **{**kw, "sentence": other, "period_start": "2020-01-01", "period_end": "2020-12-31"})])
    desk = Desk(load(tmp_path))
    claim = "Sau sáp nhập thôn, tỷ lệ hộ nghèo của xã Thạch Hạ giảm {} điểm phần trăm."
    ok = verify(desk, claim.format("3,2"), AS_OF)
    assert (ok.kind, ok.verdict) == ("change", "supported"), (ok.explanation, ok.arithmetic)
    assert "5.3" in ok.arithmetic and "8.5" in ok.arithmetic
    assert verify(desk, claim.format("5"), AS_OF).verdict == "contradicted"


def test_other_amounts_of_a_story_beside_an_agreeing_source_do_not_conflict(tmp_path):
    """A story tells a total fine and its parts; another generic amount is another number."""
    rows = [dict(article_id=a, metric="money", unit="vnd", value=v, raw=r, place="TP. Cần Thơ",
                 sentence=f"Cửa hàng vàng Kim Phát ở Cần Thơ bị xử phạt hành chính {r}{tail}.")
            for a, v, r, tail in [("a1", 180e6, "180 triệu đồng", " vì kinh doanh ngoại tệ"),
                                  ("a2", 295e6, "295 triệu đồng", " (tổng hợp nhiều hành vi)")]]
    _desk.write_rows(tmp_path, ["a1", "a2"], rows)
    v = verify(load(tmp_path), "Cửa hàng vàng Kim Phát ở Cần Thơ bị xử phạt hành chính tổng cộng 295 triệu đồng.",
               AS_OF)
    assert v.verdict == "supported", v.explanation
    assert v.evidence[0].article_id == "a2"


def test_a_number_of_no_stated_time_does_not_refute_a_dated_claim(tmp_path):
    _desk.write_rows(tmp_path, ["a1"], [dict(metric="poor_households", unit="household", value=58, raw="58 hộ",
                                             unit_text="hộ nghèo", place="xã Thạch Hạ",
                                             sentence="Xã Thạch Hạ còn 58 hộ nghèo.")])
    desk = Desk(load(tmp_path))
    assert verify(desk, "Cuối năm 2012, xã Thạch Hạ còn 15 hộ nghèo.", AS_OF).verdict == "not_found"
    assert verify(desk, "Xã Thạch Hạ còn 15 hộ nghèo.", AS_OF).verdict == "contradicted"


def test_the_claims_counts_narrow_which_amount_it_is(tmp_path):
    """`9 lô đất … 27 nghìn tỷ`: the source with 9 lots beside its amount, not the one with 11."""
    rows = []
    for a, n, v, r in [("a1", 11, 3200e9, "khoảng 3.200 tỷ đồng"), ("a2", 9, 27000e9, "27.000 tỷ đồng")]:
        s = f"Dự kiến TP.HCM dùng {n} lô đất ở khu đô thị mới với tổng mức đầu tư {r}."
        rows += [dict(article_id=a, metric="count", unit="item", value=n, raw=f"{n} lô đất", unit_text="lô đất",
                      sentence=s, place="TP.HCM", char_start=s.index(f"{n} lô"), sentence_start=0),
                 dict(article_id=a, metric="funding", unit="vnd", value=v, raw=r, sentence=s, place="TP.HCM",
                      char_start=s.index(r), sentence_start=0, status="target")]
    _desk.write_rows(tmp_path, ["a1", "a2"], rows)
    desk = Desk(load(tmp_path))
    v = verify(desk, "Theo dự kiến, 9 lô đất ở khu đô thị mới của TP.HCM có tổng mức đầu tư khoảng 27 nghìn tỷ đồng.",
               AS_OF)
    assert v.verdict == "supported" and v.evidence[0].article_id == "a2", v.explanation
    w = verify(desk, "Theo dự kiến, 9 lô đất ở khu đô thị mới của TP.HCM có tổng mức đầu tư khoảng 30 nghìn tỷ đồng.",
               AS_OF)
    assert w.verdict == "contradicted" and w.evidence[0].article_id == "a2", w.explanation


def test_a_figure_at_the_province_a_claim_names_beside_its_district(tmp_path):
    """`huyện Thuận Bắc, tỉnh Ninh Thuận`: a source placing the plant's cost at the province the
    claim also names matches well; it never contradicts the district's claim."""
    s = "Kinh phí xây dựng nhà máy điện mặt trời Trung Nam gần 5.000 tỷ đồng."
    _desk.write_rows(tmp_path, ["a1"], [dict(metric="funding", unit="vnd", value=5000e9, qualifier="approx",
                                             raw="gần 5.000 tỷ đồng", place="tỉnh Ninh Thuận", sentence=s,
                                             place_code="58", province="Tỉnh Ninh Thuận")])
    desk = Desk(load(tmp_path))
    claim = ("Nhà máy điện mặt trời Trung Nam tại huyện Thuận Bắc, tỉnh Ninh Thuận có kinh phí xây dựng "
             "gần {} nghìn tỷ đồng.")
    ok = verify(desk, claim.format("5"), AS_OF)
    assert ok.verdict == "supported" and ok.evidence[0].place_match == "parent", ok.explanation
    assert verify(desk, claim.format("9"), AS_OF).verdict == "not_found"


def test_another_number_the_claim_states_is_no_refutation(tmp_path):
    """`55,7 triệu … trong tổng số 140 triệu`: the source of 140 triệu is the total's."""
    s = "Năm 2016, xã Thạch Hạ được hỗ trợ 140 triệu đồng để phát triển sản xuất."
    _desk.write_rows(tmp_path, ["a1"], [dict(metric="funding", unit="vnd", value=140e6, raw="140 triệu đồng",
                                             place="xã Thạch Hạ", sentence=s, period_start="2016-01-01",
                                             period_end="2016-12-31")])
    v = verify(load(tmp_path), "Năm 2016, xã Thạch Hạ dùng 55,7 triệu đồng mua phân bón trong tổng số 140 triệu "
                               "đồng được hỗ trợ để phát triển sản xuất.", AS_OF)
    assert v.verdict == "supported", v.explanation


def test_the_one_story_that_matches_decides_though_retold(tmp_path):
    """A claim retells one story in its own words (few of its words near the figure): when that
    story matches far better than any other, its number refutes a wrong one."""
    s = "Thiệt hại ban đầu ước tính khoảng 70 triệu đồng."
    _desk.write_rows(tmp_path, [{"article_id": "a1", "title": "Phun thuốc diệt cỏ làm chết vườn quất"}, "a2"], [
        dict(article_id="a1", metric="money", unit="vnd", value=70e6, qualifier="approx", place="xã Hợp Tiến",
             raw="khoảng 70 triệu đồng", sentence=s),
        dict(article_id="a2", metric="money", unit="vnd", value=5e9, place="tỉnh Thanh Hóa", raw="5 tỷ đồng",
             sentence="Tỉnh Thanh Hóa hỗ trợ 5 tỷ đồng cho nông dân trồng quất.")])
    desk = Desk(load(tmp_path))
    claim = "Vụ phun thuốc diệt cỏ làm chết vườn quất ở xã Hợp Tiến gây thiệt hại ban đầu khoảng {} triệu đồng."
    assert verify(desk, claim.format("70"), AS_OF).verdict == "supported"
    assert verify(desk, claim.format("90"), AS_OF).verdict == "contradicted"


def test_the_words_governing_the_number_pick_its_source(tmp_path):
    """`được hỗ trợ 140 triệu đồng`: of a story's amounts, the one the same verb governs."""
    s1 = "Xã được hỗ trợ 140 triệu đồng để làm mô hình, trong đó 75 triệu đồng mua máy gặt."
    s2 = "Còn lại 55,7 triệu đồng để hỗ trợ phân bón cho mô hình cánh đồng mẫu lớn."
    kw = dict(article_id="a1", metric="funding", unit="vnd", place="xã Thạch Hạ", period_start="2016-01-01",
              period_end="2016-12-31", sentence_start=0)
    _desk.write_rows(tmp_path, ["a1"], [
        dict(value=140e6, raw="140 triệu đồng", sentence=s1, char_start=s1.index("140"), **kw),
        dict(value=55.7e6, raw="55,7 triệu đồng", sentence=s2, char_start=s2.index("55,7"), **kw)])
    v = verify(load(tmp_path), "Năm 2016, xã Thạch Hạ được hỗ trợ 140 triệu đồng để làm mô hình cánh đồng mẫu lớn.",
               AS_OF)
    assert v.verdict == "supported" and v.evidence[0].raw == "140 triệu đồng", v.explanation
