"""Near-duplicate articles: marked in articles.duplicate_of, the same for any number of workers
and across --update runs, and never counted as a second source by check or verify."""
from __future__ import annotations

import csv
import json

from hypothesis import given, settings, strategies as st

from hl_extract.dataset import duplicates
from hl_extract.dataset.batch import extract

STORY = ("Sáng 15/9, UBND thị xã Hồng Lĩnh tổ chức hội nghị tổng kết công tác giảm nghèo giai đoạn 2021 - 2025. "
         "Theo báo cáo, đến cuối năm 2022 toàn thị xã còn 120 hộ nghèo, tỷ lệ hộ nghèo còn 2,62%, giảm 0,8 điểm "
         "phần trăm so với năm trước. Kinh phí hỗ trợ xây nhà cho hộ nghèo hơn 2 tỷ đồng, huy động từ ngân sách "
         "và các nhà hảo tâm. Phường Nam Hồng đăng ký đạt chuẩn đô thị văn minh vào năm 2024. Phát biểu tại hội "
         "nghị, Chủ tịch UBND thị xã yêu cầu các phường, xã rà soát kỹ các hộ có nguy cơ tái nghèo, hoàn thành "
         "báo cáo trước ngày 30/11 để tổng hợp trình HĐND thị xã tại kỳ họp cuối năm.")
OTHER = ("Chiều 20/10, Hội Nông dân huyện Can Lộc tổ chức lễ ra mắt mô hình trồng rau an toàn tại xã Thiên Lộc "
         "với sự tham gia của 25 hộ nông dân. Mô hình có diện tích 3 ha, được hỗ trợ 150 triệu đồng để làm nhà "
         "lưới và hệ thống tưới tiết kiệm. Dự kiến mỗi năm mô hình cho thu nhập khoảng 300 triệu đồng cho mỗi "
         "héc ta, cao gấp ba lần trồng lúa. Các hộ tham gia cam kết sản xuất theo đúng quy trình, ghi chép nhật "
         "ký đồng ruộng và tiêu thụ sản phẩm qua hợp tác xã của xã trong thời gian tới.")


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def marks(folder) -> dict:
    with open(folder / "articles.csv", newline="", encoding="utf-8") as fh:
        return {r["article_id"]: r["duplicate_of"] for r in csv.DictReader(fh)}


def test_a_copy_with_a_changed_figure_is_a_duplicate_of_the_first(tmp_path):
    copy = STORY.replace("120 hộ nghèo", "122 hộ nghèo")
    write(tmp_path / "a.jsonl", [{"id": "a:1", "date": "2022-12-20", "text": STORY},
                                 {"id": "b:1", "date": "2022-12-20", "text": OTHER},
                                 {"id": "c:1", "date": "2022-12-21", "text": copy},
                                 {"id": "d:1", "date": "2022-12-22", "text": copy}])
    s1 = extract([tmp_path / "a.jsonl"], tmp_path / "d1", progress=False, workers=1)
    s2 = extract([tmp_path / "a.jsonl"], tmp_path / "d2", progress=False, workers=2, chunk_size=1)
    assert marks(tmp_path / "d1") == {"a:1": "", "b:1": "", "c:1": "a:1", "d:1": "a:1"}   # a copy's copy: the first
    assert marks(tmp_path / "d2") == marks(tmp_path / "d1") and s1.duplicates == s2.duplicates == 2


def test_an_update_run_marks_a_new_copy_of_an_unchanged_article(tmp_path):
    write(tmp_path / "a.jsonl", [{"id": "a:1", "date": "2022-12-20", "text": STORY},
                                 {"id": "b:1", "date": "2022-12-20", "text": OTHER}])
    extract([tmp_path / "a.jsonl"], tmp_path / "d", progress=False, workers=1)
    write(tmp_path / "b.jsonl", [{"id": "e:1", "date": "2022-12-23", "text": OTHER + " Tin: Minh Anh."}])
    s = extract([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], tmp_path / "d", progress=False, workers=1,
                update=tmp_path / "d")
    assert s.unchanged == 2 and marks(tmp_path / "d") == {"a:1": "", "b:1": "", "e:1": "b:1"}


def test_short_texts_are_never_duplicates():
    assert duplicates.sketch("Tỷ lệ hộ nghèo còn 2,62%.") == ()
    assert duplicates.similarity((), ()) == 0.0


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxy ", max_size=200))
def test_similarity_is_one_for_a_copy_and_low_for_another_story(cut, noise):
    a = duplicates.sketch(STORY)
    assert duplicates.similarity(a, duplicates.sketch(STORY)) == 1.0
    assert duplicates.similarity(a, duplicates.sketch(OTHER + noise)) < duplicates.THRESHOLD
    words = STORY.split()
    shorter = " ".join(words[:len(words) - cut])   # a copy cut short by a few words stays a duplicate
    if cut <= 8:
        assert duplicates.similarity(a, duplicates.sketch(shorter)) >= duplicates.THRESHOLD


def test_a_copy_is_no_second_source_for_check_or_verify(tmp_path):
    from hl_extract import load
    from hl_extract.desk import checks, verify
    write(tmp_path / "a.jsonl", [{"id": "a:1", "date": "2022-12-20", "text": STORY},
                                 {"id": "c:1", "date": "2022-12-21", "text": STORY}])
    extract([tmp_path / "a.jsonl"], tmp_path / "d", progress=False, workers=1)
    assert marks(tmp_path / "d")["c:1"] == "a:1"
    v = verify.verify(load(tmp_path / "d"), "Cuối năm 2022, tỷ lệ hộ nghèo của thị xã Hồng Lĩnh còn 2,62%")
    assert v.verdict == "supported"
    assert len({e.article_id for e in v.evidence if e.agrees}) == 1    # one story, one source
    assert not [c for c in checks.run(tmp_path / "d") if c.kind == "cross_article_conflict"]
