"""The `generic` profile (trafilatura + htmldate) on 20 article pages of other layouts.

    python benchmarks/generic_recall.py [--dump DIR]

Each page is written here: a body of real-sounding Vietnamese paragraphs inside one of
20 layouts (nav bars, breadcrumbs, sidebars of latest news, share bars, comments,
related lists, footers, tables, captions). Prints body recall (share of the body's
words found in the output, multiset) per page and overall, and any navigation or footer
text that leaked into the output.
"""
from __future__ import annotations

import html as H
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hl_extract.archive import html, sites  # noqa: E402

SENTENCES = [
    "Năm 2023, huyện Cẩm Xuyên đã hỗ trợ xây mới 120 nhà ở cho hộ nghèo với tổng kinh phí hơn 6 tỷ đồng.",
    "Tỷ lệ hộ nghèo toàn tỉnh giảm còn 2,84%, vượt chỉ tiêu Nghị quyết đề ra.",
    "Ông Nguyễn Văn Hải, Chủ tịch UBND xã cho biết, địa phương đã huy động được 1,2 tỷ đồng từ nhân dân.",
    "Đến nay, 8/12 xã đạt chuẩn nông thôn mới nâng cao, 3 thôn đạt khu dân cư kiểu mẫu.",
    "Các đơn vị cần tập trung rà soát, đánh giá đúng thực trạng và đề xuất giải pháp sát với thực tiễn.",
    "Trong 9 tháng đầu năm, thu ngân sách trên địa bàn đạt 312 tỷ đồng, bằng 78% kế hoạch.",
    "Chương trình OCOP đã có thêm 5 sản phẩm đạt 3 sao, nâng tổng số sản phẩm lên 46.",
    "Hội nghị cũng thống nhất các nhiệm vụ trọng tâm trong những tháng cuối năm.",
    "Người dân phấn khởi khi con đường bê tông dài 2,5 km được hoàn thành trước Tết.",
    "Thu nhập bình quân đầu người của xã đạt 52 triệu đồng mỗi năm.",
    "Lãnh đạo Sở Lao động - Thương binh và Xã hội đề nghị các địa phương đẩy nhanh tiến độ giải ngân.",
    "Dự kiến đến cuối năm 2024, toàn huyện không còn nhà tạm, nhà dột nát.",
]
NAV = ["Trang chủ", "Thời sự", "Kinh tế", "Đời sống", "Pháp luật", "Thể thao", "Văn hóa", "Video"]
SIDEBAR = ["Tin mới nhất", "Giá vàng hôm nay tăng mạnh", "Lịch cúp điện tuần tới",
           "Kết quả xổ số miền Bắc", "Đọc nhiều nhất"]
FOOTER = ["Giấy phép số 123/GP-BTTTT", "Tổng biên tập: Trần Văn Bình", "Bản quyền thuộc về Báo Mẫu",
          "Liên hệ quảng cáo: 0912 345 678", "Ghi rõ nguồn khi phát hành lại thông tin từ website này"]
CHROME = NAV[1:] + SIDEBAR + FOOTER + ["Chia sẻ Facebook", "Bình luận của bạn", "Gửi bình luận", "Tin liên quan"]


def body(n: int) -> list[str]:
    rnd = random.Random(n)
    paras = []
    for _ in range(rnd.randint(4, 7)):
        paras.append(" ".join(rnd.sample(SENTENCES, rnd.randint(2, 4))))
    return paras


def nav(style: int) -> str:
    items = "".join(f'<li><a href="/{i}">{t}</a></li>' for i, t in enumerate(NAV))
    return [f"<nav><ul>{items}</ul></nav>", f'<div class="menu"><ul>{items}</ul></div>',
            f'<div id="topmenu">{" | ".join(f"<a href=/{i}>{t}</a>" for i, t in enumerate(NAV))}</div>',
            f'<header><div class="logo">Báo Mẫu</div><ul class="nav">{items}</ul></header>'][style % 4]


def sidebar(style: int) -> str:
    lis = "".join(f'<li><a href="/tin/{i}.html">{t}</a></li>' for i, t in enumerate(SIDEBAR))
    return [f"<aside><ul>{lis}</ul></aside>", f'<div class="sidebar"><ul>{lis}</ul></div>',
            f'<div class="col-right"><div class="box-news"><ul>{lis}</ul></div></div>',
            f'<td class="right" width="300"><ul>{lis}</ul></td>'][style % 4]


def footer(style: int) -> str:
    ps = "".join(f"<p>{t}</p>" for t in FOOTER)
    return [f"<footer>{ps}</footer>", f'<div class="footer">{ps}</div>', f'<div id="footer">{ps}</div>',
            f'<div class="site-info">{"<br>".join(FOOTER)}</div>'][style % 4]


def extras(style: int) -> tuple[str, str]:
    share = ['<div class="share"><a href="#">Chia sẻ Facebook</a></div>', ""][style % 2]
    comments = ['<div class="comments"><h3>Bình luận của bạn</h3><textarea></textarea><button>Gửi bình luận</button></div>',
                ""][(style // 2) % 2]
    related = ['<div class="related"><h3>Tin liên quan</h3><ul><li><a href="/r1.html">Giá vàng hôm nay tăng mạnh</a></li></ul></div>',
               ""][(style // 3) % 2]
    return share, comments + related


def article_block(n: int, paras: list[str], style: int) -> str:
    title = f"Bài viết mẫu số {n}: giảm nghèo bền vững ở địa phương"
    date = ["15/09/2023 08:30", "Thứ Sáu, 15/9/2023", "2023-09-15T08:30:00+07:00", "Cập nhật: 15-09-2023"][style % 4]
    ps = "".join(f"<p>{H.escape(p)}</p>" for p in paras)
    if style % 5 == 3:   # paragraphs as <br>-separated text in a div
        ps = "<div>" + "<br><br>".join(H.escape(p) for p in paras) + "</div>"
    if style % 7 == 4:   # a photo with a caption inside the body
        ps = ps.replace("</p>", '</p><figure><img src="a.jpg"><figcaption>Ảnh minh họa</figcaption></figure>', 1)
    share, after = extras(style)
    wrap = ['<article class="detail"><h1>{t}</h1><div class="date">{d}</div>{share}<div class="content">{ps}</div></article>',
            '<div class="detail-content"><h1 class="title">{t}</h1><span class="time">{d}</span><div class="sapo"></div>{ps}{share}</div>',
            '<div id="main"><div class="post"><h2 class="post-title">{t}</h2><p class="post-date">{d}</p><div class="entry">{ps}</div>{share}</div></div>',
            '<section class="article"><header><h1>{t}</h1><time datetime="2023-09-15">{d}</time></header><div class="body">{ps}</div>{share}</section>',
            '<table width="100%"><tr><td class="main"><h1>{t}</h1><div class="ngay-dang">{d}</div><div class="noi-dung">{ps}</div>{share}</td>{side}</tr></table>'][style % 5]
    return wrap.format(t=H.escape(title), d=date, ps=ps, share=share, side=sidebar(style)) + after


def page(n: int) -> tuple[str, list[str]]:
    paras = body(n)
    style = n
    side = "" if style % 5 == 4 else sidebar(style + 1)
    doc = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bài viết mẫu số {n} - Báo Mẫu</title></head>
<body>{nav(style)}<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/doi-song">Đời sống</a></div>
<div class="container">{article_block(n, paras, style)}{side}</div>{footer(style)}</body></html>"""
    return doc, paras


def words(text: str) -> Counter:
    return Counter(text.lower().replace(",", " ").replace(".", " ").split())


def main(argv) -> None:
    dump = Path(argv[argv.index("--dump") + 1]) if "--dump" in argv else None
    prof = sites.load("generic")
    total_hit = total = leaks = 0
    for n in range(1, 21):
        doc, paras = page(n)
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"page-{n:02d}.html").write_text(doc, encoding="utf-8")
        got = html.extract(doc.encode(), f"https://baomau.example.vn/xa-hoi/bai-viet-mau-so-{n}-{1000 + n}.html",
                           prof, fetched_at="2025-12-03T08:00:00Z")
        want, have = words("\n".join(paras)), words(got.text)
        hit = sum(min(c, have[w]) for w, c in want.items())
        leaked = [c for c in CHROME if c in got.text]
        total_hit, total, leaks = total_hit + hit, total + sum(want.values()), leaks + len(leaked)
        print(f"page {n:2d}  recall {hit / sum(want.values()):.3f}  date {got.published or '-':10} "
              f"({got.date_source or '-':8})  leaked {leaked or '-'}")
    print(f"\nbody recall (all 20 pages, word-weighted): {total_hit / total:.3f}")
    print(f"navigation/footer/sidebar strings in output: {leaks}")


if __name__ == "__main__":
    main(sys.argv[1:])
