"""hl_extract.sources: readers go on past bad input and name where it was."""
from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from hl_extract.common.records import Article
from hl_extract.archive.dumps import decode
from hl_extract.archive.inputs import iter_inputs
from hl_extract.archive.items import Problem, iso_date

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as old Vietnamese software wrote them: tone marks as separate
    combining characters after the (precomposed) base letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return bytes(out)


def jsonl(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)])


RECORDS = [{"id": f"t:{i}", "date": "2023-09-15", "title": "Tin\u00a0số " + str(i),
            "text": f"Bài {i}: có {i} hộ nghèo được hỗ trợ. " * 40} for i in range(300)]


def test_jsonl_and_jsonl_gz_read_alike(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(jsonl(RECORDS[:3]))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl(RECORDS[:3])))
    plain, p1 = split(iter_inputs([tmp_path / "a.jsonl"]))
    zipped, p2 = split(iter_inputs([str(tmp_path / "a.jsonl.gz")]))
    assert not p1 and not p2
    assert [a.article_id for a in plain] == [a.article_id for a in zipped] == ["t:0", "t:1", "t:2"]
    a = plain[1]
    assert (a.published, a.title) == ("2023-09-15", "Tin số 1")
    assert a.text == zipped[1].text == RECORDS[1]["text"].strip()
    assert a.source.endswith("a.jsonl")


def test_truncated_gzip_keeps_records_before_the_damage(tmp_path):
    data = gzip.compress(jsonl(RECORDS))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    arts, problems = split(iter_inputs([path]))
    assert 0 < len(arts) < len(RECORDS)
    assert [a.article_id for a in arts] == [f"t:{i}" for i in range(len(arts))]
    assert len(problems) == 1
    assert problems[0].where.startswith(str(path) + ":")
    assert "unreadable" in problems[0].reason


def test_bad_lines_are_named_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        '{"id": "x1", "text": "một"}',
        '{"id": "x2", "text": ',             # broken JSON
        '{"id": "x3"}',                      # no text
        '[1, 2]',                            # not an object
        '{"id": "x5", "text": "   "}',       # blank text
        '',                                  # blank line: ignored
        '{"id": "x7", "text": 7}',           # text not a string
        '{"text": "không có id"}',           # id from file name and line
    ]) + "\n", encoding="utf-8")
    arts, problems = split(iter_inputs([path]))
    assert [a.article_id for a in arts] == ["x1", "mixed:8"]
    assert [p.where for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 7)]
    assert "no text" in problems[1].reason
    assert str(problems[0]).startswith(f"{path}:2: ")


def test_gzip_name_on_plain_bytes_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(jsonl(RECORDS[:2]))
    arts, problems = split(iter_inputs([path]))
    assert arts == [] and len(problems) == 1


def test_txt_in_windows_1258(tmp_path):
    words = "Hoà Bình có 5 hộ nghèo; Thuỷ lợi, đường, người được hỗ trợ."
    path = tmp_path / "honglinh-2023-09-15.txt"
    path.write_bytes(cp1258(words))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")            # the fixture really is not UTF-8
    arts, problems = split(iter_inputs([path]))
    assert not problems
    assert arts[0].text == words                        # NFC again after decoding
    assert arts[0].article_id == "honglinh-2023-09-15"
    assert arts[0].published == "2023-09-15"


@pytest.mark.parametrize("data, want", [
    ("Hồng Lĩnh".encode("utf-8"), "Hồng Lĩnh"),
    ("\ufeffHồng Lĩnh".encode("utf-8"), "Hồng Lĩnh"),
    (b"caf\xe9", "café"),                              # cp1258 and latin-1 agree here
])
def test_decode(data, want):
    assert unicodedata.normalize("NFC", decode(data)) == want


def test_empty_txt_is_a_problem(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    arts, problems = split(iter_inputs([tmp_path / "empty.txt"]))
    assert arts == [] and problems[0].reason == "empty file"


def test_folders_are_read_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Bài z.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_bytes(jsonl(RECORDS[:2]))
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")   # not an input type: ignored
    arts, problems = split(iter_inputs([tmp_path]))
    assert [a.article_id for a in arts] == ["t:0", "t:1", "z"]
    assert not problems


def test_missing_paths_empty_folders_and_unknown_types(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "data.csv").write_text("x\n", encoding="utf-8")
    arts, problems = split(iter_inputs([tmp_path / "nope.jsonl", tmp_path / "empty",
                                        tmp_path / "data.csv"]))
    assert arts == []
    assert [Path(p.where).name for p in problems] == ["nope.jsonl", "empty", "data.csv"]
    assert "no such file" in problems[0].reason
    assert "unknown input type" in problems[2].reason


@pytest.mark.parametrize("value, want", [
    ("2023-09-15", "2023-09-15"), ("2023-09-15T08:30:00+07:00", "2023-09-15"),
    ("15/09/2023", "2023-09-15"), ("5/9/2023", "2023-09-05"), ("15-09-2023", "2023-09-15"),
    ("2023-02-30", ""), ("31/02/2023", ""), ("hôm qua", ""), ("", ""), (None, ""),
])
def test_iso_date(value, want):
    assert iso_date(value) == want


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20


@pytest.mark.parametrize("name", ["image.txt", "image.jsonl", "image.jsonl.gz"])
def test_binary_input_is_skipped_with_one_message(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(gzip.compress(PNG) if name.endswith(".gz") else PNG)
    items = list(iter_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Problem) and "binary" in items[0].reason


def test_text_with_a_tab_or_form_feed_is_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Tỷ lệ hộ nghèo\tcòn 2,62%.\f\n", encoding="utf-8")
    items = list(iter_inputs([path]))
    assert len(items) == 1 and not isinstance(items[0], Problem)
