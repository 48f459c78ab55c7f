"""The `hl-extract` command line: a thin layer over the library."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hl_extract import __version__
from hl_extract.common.errors import RunError


def _bundled_corpus() -> Path:
    """corpus/ of the source checkout; for a non-editable install, ./corpus of the working
    directory (site-packages has no corpus/)."""
    beside = Path(__file__).resolve().parent.parent / "corpus"
    return beside if beside.is_dir() else Path("corpus").resolve()


REPO_CORPUS = _bundled_corpus()


def _positive(text: str) -> int:
    """argparse type: a whole number ≥ 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def _out_folder_problem(out) -> str | None:
    """Why `--out` cannot be a dataset folder, or None."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file, not a folder"
    parent = next((p for p in (out, *out.parents) if p.exists()), None)
    if parent is None or not parent.is_dir():
        return f"--out {out}: no folder to create it in"
    return None


def _unknown_site(name) -> bool:
    """Print the one message for a site profile that does not exist; True if it does not."""
    from hl_extract.archive.sites import load, names
    try:
        load(name)
        return False
    except FileNotFoundError:
        print(f"error: no site profile {name!r} (a name in rules/sites/: {', '.join(names())}; "
              f"or the path of a .toml profile)", file=sys.stderr)
        return True


def cmd_extract(args) -> int:
    from hl_extract.dataset.batch import extract
    problem = _out_folder_problem(args.out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if getattr(args, "site", None) and _unknown_site(args.site):
        return 2
    summary = extract(args.inputs, args.out, progress=None if not args.quiet else False,
                      workers=args.workers, update=args.update, engine=args.engine,
                      scheduler=args.scheduler, site=getattr(args, "site", None))
    if summary.written == 0:
        print(summary.table())
        print("error: no article could be processed (the previous dataset, if any, is kept)", file=sys.stderr)
        return 1
    if getattr(args, "table_format", "csv") == "parquet":
        from hl_extract.dataset import datapackage, parquet
        parquet.write(args.out)
        datapackage.write(args.out)
    print(f"dataset written to {args.out}/")
    print(summary.table())
    return 0


def cmd_run(args) -> int:
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"error: corpus folder {corpus} not found (the bundled corpus is the corpus/ folder of the "
              f"source checkout: run from the checkout, or name a folder with --corpus)", file=sys.stderr)
        return 2
    args.inputs = [str(corpus)]
    code = cmd_extract(args)
    if code == 0:  # the main job ends with the fact checks over the new dataset
        from hl_extract.desk import checks
        found = checks.run(args.out)
        print(f"{len(found)} check findings written to {Path(args.out) / 'checks.csv'}")
        print(checks.summary(found))
    return code


def _site_list(given) -> list[str] | None:
    """The profiles named by --site: names, .toml paths, or folders of .toml profiles."""
    from hl_extract.archive.sites import load, names
    out = []
    for site in given:
        path = Path(site)
        out += sorted(str(p) for p in path.glob("*.toml")) if path.is_dir() else [site]
    for site in out:
        try:
            load(site)
        except FileNotFoundError:
            print(f"error: no site profile {site!r} (a name in rules/sites/: {', '.join(names())}; "
                  f"or the path of a .toml profile, or a folder of them)", file=sys.stderr)
            return None
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
    if not out:
        print(f"error: no site profile in {', '.join(given)}", file=sys.stderr)
        return None
    return out


def cmd_crawl(args) -> int:
    from hl_extract.archive.crawl import Options, crawl, crawl_many
    from hl_extract.archive.sites import load
    site_list = _site_list(args.site)
    if site_list is None:
        return 2
    archived = args.source != "live"
    given = [o for o, v in (("--cdx", args.cdx), ("--replay", args.replay),
                            ("--all-captures", args.all_captures)) if v]
    if given and not archived:
        print(f"error: {given[0]} needs --from wayback or --from commoncrawl", file=sys.stderr)
        return 2
    if len(site_list) > 1 and archived:
        print("error: --from wayback/commoncrawl crawls one site at a time", file=sys.stderr)
        return 2
    opts = Options(delay=args.delay, max_pages=args.max_pages, since=args.since or "",
                   contact=args.contact or "", progress=not args.quiet and sys.stderr.isatty())
    if len(site_list) > 1:
        root = Path(args.out) if args.out else REPO_CORPUS
        opts.progress = False   # one bar per site would garble the terminal
        try:
            done = crawl_many(site_list, root, options=opts)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for name, summary in done.items():
            print(f"archive: {root / name}/")
            print(summary.table())
        unreachable = [n for n, s in done.items() if s.network and not s.counts["fetched"]]
        for name in unreachable:
            print(f"error: {name}: {done[name].network}", file=sys.stderr)
        return 1 if unreachable or len(done) < len(site_list) else 0
    site = site_list[0]
    profile = load(site)
    folder = Path(args.out) if args.out else REPO_CORPUS / profile.name
    if not archived:
        summary = crawl(site, folder, options=opts)
    else:
        from hl_extract.archive import cdx
        try:
            source = cdx.Source(profile, folder, args.source, args.cdx or "", args.replay or "",
                                args.all_captures, opts)
        except ValueError as exc:
            print(f"error: --cdx/--replay: {exc}", file=sys.stderr)
            return 2
        try:
            summary = source.crawl()
        except cdx.SourceError as exc:
            print(f"archive: {folder}/")
            print(source.summary.table())
            print(f"error: {exc}", file=sys.stderr)
            return 1
        finally:
            source.close()
    print(f"archive: {folder}/")
    print(summary.table())
    if not archived and summary.network and not summary.counts["fetched"]:
        print(f"error: {summary.network}: nothing was fetched (the network, not the site's rules)",
              file=sys.stderr)
        return 1
    return 0


def cmd_eval(args) -> int:
    from hl_extract.scoring import main as score_main
    return score_main(args.gold, args.dir, docs=args.docs, misses=args.misses, as_json=args.json)


def _batch_args(parser) -> None:
    """Scale and incremental-run options of `extract` and `run` (hl_extract.batch)."""
    parser.add_argument("--workers", "-j", type=_positive, default=None, metavar="N",
                        help="worker processes (default: the machine's cores); same output for any N")
    parser.add_argument("--update", metavar="DIR", default=None,
                        help="incremental run: copy the rows of articles unchanged since the run "
                             "that wrote DIR (usually the --out folder) instead of re-extracting them")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes, or Dask (needs pip install 'hl_extract[dask]')")
    parser.add_argument("--scheduler", metavar="ADDR", default=None,
                        help="Dask scheduler address (default: a LocalCluster of --workers workers)")
    parser.add_argument("--format", dest="table_format", choices=("csv", "parquet"), default="csv",
                        help="parquet: also write each table as <table>.parquet (typed, compressed; "
                             "load(), query, check, verify, report and serve read it, 6-15x faster "
                             "than the CSV); the CSVs stay")
    parser.add_argument("--site", metavar="NAME", default=None,
                        help="read saved pages (.html) and WARC records with this site profile (a name in "
                             "rules/sites/ or a .toml path) instead of the one their URL names; a page "
                             "without a canonical link otherwise gets the generic profile")


def _no_dataset(directory) -> bool:
    """Print the one message every desk command gives for a folder that holds no dataset."""
    if (Path(directory) / "figures.csv").exists():
        return False
    print(f"error: {directory}/figures.csv not found (a dataset folder is what `extract` or `run` "
          f"writes)", file=sys.stderr)
    return True


def cmd_check(args) -> int:
    from hl_extract.desk import checks
    from hl_extract.dataset import datapackage
    if _no_dataset(args.dir):
        return 2
    found = checks.run(args.dir, args.memory_limit, progress=not args.quiet and sys.stderr.isatty())
    datapackage.write(args.dir)
    print(f"{len(found)} findings written to {Path(args.dir) / 'checks.csv'}")
    print(checks.summary(found))
    return 0


def _size(text: str) -> int:
    """argparse type: a memory size (`1GB`, `512MB`, `2G`, bytes)."""
    import re
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", str(text), re.IGNORECASE)
    if not m or float(m.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a memory size such as 512MB or 1GB: {text!r}")
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2).lower() or " "))


def _iso_date(text: str) -> str:
    """argparse type: an ISO date (YYYY-MM-DD)."""
    import datetime as dt
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def cmd_verify(args) -> int:
    import json
    import statistics
    import time
    from collections import Counter
    from hl_extract import load
    from hl_extract.desk import verify
    if (args.claim is None) == (args.claims is None):
        print("error: give one claim, or --claims FILE.jsonl (not both)", file=sys.stderr)
        return 2
    if args.claims not in (None, "-") and not Path(args.claims).is_file():
        print(f"error: --claims {args.claims}: no such file", file=sys.stderr)
        return 2
    if _no_dataset(args.dir):
        return 2
    t0 = time.perf_counter()
    desk = verify.Desk(load(args.dir))
    if args.claim is not None:
        v = verify.verify(desk, args.claim, args.as_of or "")
        print(json.dumps(v.to_dict(), ensure_ascii=False, indent=1) if args.json else verify.render(v))
        return 0
    loaded = time.perf_counter() - t0
    src = sys.stdin if args.claims == "-" else open(args.claims, encoding="utf-8", errors="replace")
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    lines = src
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm
        lines = tqdm(src, unit=" claim", file=sys.stderr, mininterval=0.5)
    verdicts, bad, secs = Counter(), [], []
    name = "stdin" if args.claims == "-" else args.claims
    try:
        for rec in verify.verify_many(desk, lines, args.as_of or ""):
            if "error" in rec:
                bad.append(f"{name}:{rec['line']}: {rec['error'].split(': ', 1)[-1]}")
                continue
            verdicts[rec["output"]["verdict"]] += 1
            secs.append(rec["seconds"])
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
        if src is not sys.stdin:
            src.close()
    for b in bad[:20]:
        print(f"skipped {b}", file=sys.stderr)
    timing = (f"; per claim median {statistics.median(secs) * 1000:.0f} ms, max {max(secs) * 1000:.0f} ms"
              if secs else "")
    print(f"{sum(verdicts.values())} verdicts" + (f" written to {args.out}" if args.out else "")
          + f" ({', '.join(f'{k} {n}' for k, n in sorted(verdicts.items())) or 'none'}); "
          f"{len(bad)} bad line(s) skipped; dataset loaded in {loaded:.1f} s{timing}", file=sys.stderr)
    return 1 if bad else 0


def cmd_query(args) -> int:
    from hl_extract.desk import query
    if _no_dataset(args.dir):
        return 2
    return query.main(args.dir, args.sql, args.format)


def cmd_report(args) -> int:
    from hl_extract.desk import report
    if _no_dataset(args.dir):
        return 2
    out = report.write(args.dir, args.out)
    print(f"report written to {out}")
    return 0


def cmd_serve(args) -> int:
    from hl_extract.desk import serve
    if _no_dataset(args.dir):
        return 2
    path = serve.build(args.dir)
    if args.build_only:
        print(f"desk database: {path}")
        return 0
    print(f"serving {args.dir} read-only at http://{args.host}:{args.port}/ (Ctrl-C stops)")
    serve.serve(args.dir, args.host, args.port)
    return 0


def _desk_parsers(sub) -> None:
    k = sub.add_parser("check", help="fact-check a dataset folder into checks.csv",
                       description="Find repeated, conflicting, impossible and outlying figures and "
                                   "parts against wholes; write DIR/checks.csv and DIR/datapackage.json.",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="examples:\n  hl-extract check data\n  hl-extract check data --memory-limit 512MB --quiet\n\n"
                              "exit codes: 0 checks.csv written (whatever it found), 2 bad arguments or no dataset in DIR\n")
    k.add_argument("dir", metavar="DIR", help="dataset folder")
    k.add_argument("--memory-limit", type=_size, default="1GB", metavar="SIZE",
                   help="memory the checks may use (default 1GB; e.g. 512MB, 4GB): the figures are "
                        "checked one article, then one shard of comparable figures, at a time")
    k.add_argument("--quiet", action="store_true", help="no progress bar")
    k.set_defaults(func=cmd_check)
    f = sub.add_parser(
        "verify", help="verify a claim (Vietnamese), or a batch of claims, against a dataset folder",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Parse the claim (lookup, change, difference or sum), match it to the dataset's "
                    "figures by metric, place, period and what is counted, and answer supported, "
                    "contradicted, conflicting or not_found with at most five sources, the SQL and "
                    "the arithmetic. Rules and tolerances: rules/verify.toml.",
        epilog="examples:\n"
               '  hl-extract verify out/ "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh cuối năm 2022 là 2,62%"\n'
               '  hl-extract verify out/ "Hồng Lĩnh hiện có 55/63 tiêu chí" --as-of 2023-10-01 --json\n'
               "  hl-extract verify out/ --claims claims.jsonl --out verdicts.jsonl\n\n"
               'batch input: one JSON object per line, {"id": ..., "claim": "...", "as_of"?: "YYYY-MM-DD"};\n'
               'output: one line per claim, {"id", "output": <the verdict>, "seconds"}.\n'
               "exit codes: 0 done; 1 some input lines were bad (named on stderr, the rest verified);\n"
               "2 no dataset, no such claims file, or bad arguments.")
    f.add_argument("dir", metavar="DIR", help="dataset folder")
    f.add_argument("claim", nargs="?", help='one claim, e.g. "Tỷ lệ hộ nghèo của thị xã Hồng Lĩnh '
                                           'cuối năm 2022 là 2,62%%"')
    f.add_argument("--claims", metavar="FILE.jsonl", help="a batch of claims (- for standard input)")
    f.add_argument("--out", "-o", metavar="FILE", help="batch: write the verdicts here (default: stdout)")
    f.add_argument("--as-of", type=_iso_date, metavar="DATE",
                   help="the date relative periods (hiện nay, năm ngoái, cùng kỳ) are read against "
                        "(default: today)")
    f.add_argument("--json", action="store_true", help="one claim: print the verdict as JSON")
    f.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    f.set_defaults(func=cmd_verify)
    q = sub.add_parser("query", help="SQL (DuckDB) over a dataset folder",
                       description="Run SQL over the tables articles, figures, statements, tasks, checks.")
    q.add_argument("dir", metavar="DIR", help="dataset folder")
    q.add_argument("sql", help="e.g. \"SELECT metric, count(*) FROM figures GROUP BY 1\"")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table: aligned columns for reading (default); csv: for a spreadsheet; "
                        "json: a list of objects, one per row")
    q.set_defaults(func=cmd_query)
    r = sub.add_parser("report", help="one self-contained HTML report of a dataset folder",
                       description="Counts, a table per core metric, time-series charts, statements by "
                                   "speaker and check findings, in one HTML file that opens offline.")
    r.add_argument("dir", metavar="DIR", help="dataset folder")
    r.add_argument("--out", "-o", default=None, metavar="FILE", help="default: DIR/report.html")
    r.set_defaults(func=cmd_report)
    v = sub.add_parser("serve", help="explore a dataset folder in a browser (Datasette, read-only)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Load the dataset into DIR/.hl_extract-desk.sqlite (rebuilt when a CSV is "
                                   "newer) and serve it\nwith Datasette: facets, full-text search over "
                                   "sentences and statements, canned queries\nfor the README's questions, "
                                   "and a page per figure with its sentence highlighted.",
                       epilog="examples:\n  hl-extract serve data\n  hl-extract serve data --port 8080\n"
                              "  hl-extract serve data --build-only      # the SQLite file, for sqlite3 or "
                              "datasette itself")
    v.add_argument("dir", metavar="DIR", help="dataset folder")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this "
                   "machine only)")
    v.add_argument("--port", type=int, default=8001, help="default 8001")
    v.add_argument("--build-only", action="store_true", help="build the SQLite file and exit")
    v.set_defaults(func=cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hl-extract",
        description="Turn Vietnamese local news into a checkable dataset: figures "
                    "(poverty rates, households, funding, criteria, scores …), who said "
                    "them, and who was assigned what by when. Output: a folder of CSVs "
                    "(articles, figures, statements, tasks, checks).")
    p.add_argument("--version", action="version", version=f"hl-extract {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    e = sub.add_parser("extract", help="extract a dataset from article files",
                       description="Read articles (JSONL or JSONL.gz records {id, url?, title?, "
                                   "date?, text}, .txt files, .html pages, WARC files, or folders of "
                                   "them) and write the dataset's CSVs into --out.")
    e.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders to read")
    e.add_argument("--out", "-o", required=True, metavar="DIR", help="dataset folder to write")
    e.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _batch_args(e)
    e.set_defaults(func=cmd_extract)

    r = sub.add_parser("run", help="the main job: extract and check the bundled corpus into data/",
                       description="Extract the bundled corpus (corpus/ of the repository, or "
                                   "--corpus) into a dataset folder, run the fact checks over it "
                                   "(checks.csv) and print a summary.")
    r.add_argument("--corpus", default=str(REPO_CORPUS), metavar="DIR",
                   help="corpus folder (default: the bundled corpus/)")
    r.add_argument("--out", "-o", default="data", metavar="DIR", help="dataset folder (default: data)")
    r.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _batch_args(r)
    r.set_defaults(func=cmd_run)

    c = sub.add_parser("crawl", help="crawl a news site (live, or its web-archive captures) into WARC files",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Crawl the site of a profile (rules/sites/NAME.toml, or a .toml path)\n"
                                   "into WARC files under corpus/<site>/. Obeys robots.txt; a killed or capped\n"
                                   "crawl resumes where it stopped; a finished one, run again, fetches only\n"
                                   "what changed.\n\n"
                                   "--from wayback|commoncrawl: a site gone from the web, from a web archive.\n"
                                   "Its captures are listed through the archive's CDX API; each article page's\n"
                                   "newest capture with status 200 is fetched raw and written with its original\n"
                                   "URL and its capture time as WARC-Date (redirect, revisit and non-200\n"
                                   "captures and non-article pages are counted, not fetched). The state is\n"
                                   "archive-state.sqlite beside the WARC files: resumable like a live crawl.",
                       epilog="examples:\n"
                              "  hl-extract crawl --site honglinh --contact you@example.org\n"
                              "  hl-extract crawl --site honglinh --from wayback --contact you@example.org\n"
                              "  hl-extract crawl --site honglinh --from wayback --all-captures --max-pages 500\n"
                              "  hl-extract crawl --site honglinh --from wayback \\\n"
                              "      --cdx http://localhost:8080/pywb/cdx --replay http://localhost:8080/pywb/\n"
                              "  hl-extract crawl --site honglinh --from commoncrawl --since 2020-01-01\n"
                              "  hl-extract crawl --site namhonglinh --site bachonglinh --contact you@example.org\n\n"
                              "defaults: wayback --cdx https://web.archive.org/cdx/search/cdx --replay "
                              "https://web.archive.org/web/;\n"
                              "commoncrawl --cdx https://index.commoncrawl.org/collinfo.json (every crawl; "
                              "or one crawl's\nCDX endpoint) --replay https://data.commoncrawl.org/ "
                              "(WARC records fetched by byte range).\n"
                              "exit codes: 0 done (or stopped by --max-pages: run again); 1 the archive "
                              "could not be read,\nor a site's host could not be reached at all (the state is "
                              "kept: run again); 2 a bad argument.")
    c.add_argument("--site", required=True, action="append", metavar="NAME",
                   help="site profile name (e.g. honglinh) or .toml path; repeat it (or name a folder of "
                        "profiles) to crawl several portals at once, each host polite on its own, each "
                        "into corpus/<site>/ (or --out/<site>/)")
    c.add_argument("--from", dest="source", choices=("live", "wayback", "commoncrawl"), default="live",
                   help="crawl the live site (default), or its captures in the Internet Archive's "
                        "Wayback Machine or in Common Crawl")
    c.add_argument("--cdx", metavar="URL", help="archives: the CDX server endpoint (a mirror, a local "
                   "pywb, …); commoncrawl: also a collinfo.json")
    c.add_argument("--replay", metavar="URL", help="archives: the replay prefix (wayback: "
                   "<prefix><timestamp>id_/<url>; commoncrawl: where the WARC files are)")
    c.add_argument("--all-captures", action="store_true", help="archives: every capture of a distinct "
                   "digest (the page's history), not only each article's newest")
    c.add_argument("--since", metavar="YYYY-MM-DD", help="skip articles older than this date")
    c.add_argument("--max-pages", type=int, metavar="N", help="stop after N requests (resume later)")
    c.add_argument("--delay", type=float, metavar="S", help="seconds between requests to a host (default: "
                   "the profile's, 1 s; archives: 1 s)")
    c.add_argument("--contact", metavar="EMAIL|URL", help="contact put in the User-Agent "
                   "(default: $HL_EXTRACT_CONTACT)")
    c.add_argument("--out", metavar="DIR", help="archive folder (default: corpus/<site>/)")
    c.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    c.set_defaults(func=cmd_crawl)

    v = sub.add_parser("eval", help="score a dataset folder against a gold JSONL file",
                       description="Precision, recall and F1 of a run against hand-made answers, "
                                   "computed as ../shared/tools/score.py does (SPEC: gold files).")
    v.add_argument("gold", metavar="GOLD.jsonl")
    v.add_argument("dir", metavar="DIR", help="dataset folder")
    v.add_argument("--docs", action="store_true", help="one line per article")
    v.add_argument("--misses", action="store_true", help="list missed and extra figures")
    v.add_argument("--json", action="store_true", help="print the summary as JSON last")
    v.set_defaults(func=cmd_eval)
    _desk_parsers(sub)
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as exc:   # a dependency this Python lacks: say how to install
        package = (exc.name or "").split(".")[0]
        if package == "hl_extract":
            raise
        print(f"error: hl_extract needs the package {package!r}, which this Python ({sys.executable}) does "
              f"not have; install hl_extract with its dependencies as the README says: "
              f"python3 -m venv .venv && . .venv/bin/activate && pip install .", file=sys.stderr)
        return 2
    except RunError as exc:   # a run that cannot go on for a reason the user can fix
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:   # a folder or file the system refuses: say which, no traceback
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
