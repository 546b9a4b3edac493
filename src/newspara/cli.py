"""The ``newspara`` command: a thin shell over the library."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import nullcontext
from pathlib import Path

from newspara.records import InputError

DEFAULT_MODEL = Path("models/baseline")


def _build(args: argparse.Namespace) -> None:
    from newspara.build import build

    report = build(
        args.corpus,
        args.out,
        workers=args.workers,
        strict=args.strict,
        card_template=args.card,
        rejects=args.rejects,
        citation=args.citation,
    )
    for reject in report.rejects:
        print(f"rejected: {reject['reason']}", file=sys.stderr)
    sizes = ", ".join(f"{s} {n['num_examples']}" for s, n in report.splits["paragraphs"].items())
    print(f"built {args.out}: {report.accounting()}; blocks per split: {sizes}")


def _train(args: argparse.Namespace) -> None:
    from newspara.train import BASELINE, train

    metrics = train(args.dataset, args.out)
    test = metrics["models"][BASELINE]["test"]
    line = f"trained {args.out}: test macro-F1 {test['macro_f1']:.3f}, accuracy {test['accuracy']:.3f}"
    if "generalisation" in metrics:
        held_out = metrics["generalisation"]["outlet"]["models"][BASELINE]["pooled"]
        line += f"; held-out outlets macro-F1 {held_out['macro_f1']:.3f}"
    print(line)


def _predict(args: argparse.Namespace) -> int:
    from newspara.model import load_model
    from newspara.sources import SourceCounts, input_kind

    if args.gzip and args.out_dir is None:
        raise InputError("--gzip goes with --out-dir; for one output file, end its name in .gz")
    for path in args.files:
        input_kind(path)  # an unknown kind of file stops the run before any work
    model = load_model(args.model)  # a missing or untrusted model too
    counts = SourceCounts()
    if args.out_dir is not None:
        rejected, failed, summary = _predict_into_folder(args, model, counts)
    else:
        rejected, failed, summary = _predict_into_one_output(args, model, counts), 0, ""
    skipped = ", ".join(f"{n} {reason}(s)" for reason, n in sorted(counts.skipped.items()))
    if rejected or skipped or summary:
        print(
            f"newspara predict: {summary}{counts.pages} page(s) read, {rejected} rejected; "
            f"skipped: {skipped or 'nothing'}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _predict_into_one_output(args: argparse.Namespace, model, counts) -> int:
    from newspara.output import replace_file
    from newspara.predict import predict_files

    rejected = 0
    to_stdout = args.out in (None, "-")
    with nullcontext(sys.stdout) if to_stdout else replace_file(Path(args.out)) as out:
        for records, error in predict_files(args.files, model, args.model, args.workers, counts, args.articles):
            if error:
                rejected += 1
                print(f"newspara predict: page rejected: {error}", file=sys.stderr)
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return rejected


def _predict_into_folder(args: argparse.Namespace, model, counts) -> tuple[int, int, str]:
    from newspara.predict import predict_into_folder

    rejected = 0
    statuses: dict[str, int] = {"written": 0, "already done": 0, "failed": 0}
    outcomes = predict_into_folder(
        args.files, args.out_dir, model, args.model, args.workers, counts, args.articles, args.gzip
    )
    for outcome in outcomes:
        statuses[outcome.status] += 1
        rejected += len(outcome.rejected)
        for error in outcome.rejected:
            print(f"newspara predict: page rejected: {error}", file=sys.stderr)
        if outcome.error:
            print(f"newspara predict: file failed, no output written: {outcome.error}", file=sys.stderr)
    summary = ", ".join(f"{n} file(s) {status}" for status, n in statuses.items()) + "; "
    return rejected, statuses["failed"], summary


def _blocks(args: argparse.Namespace) -> None:
    from newspara.sources import page_blocks, read_pages

    pages = list(read_pages(args.file))
    if len(pages) != 1:
        raise InputError(f"{args.file}: holds {len(pages)} pages; 'blocks' prints the blocks of one page")
    for block in page_blocks(pages[0])[0]:
        print(json.dumps({"block": block.position, "label": None, "text": block.text}, ensure_ascii=False))


def _verify(args: argparse.Namespace) -> int:
    from newspara.verify import DatasetMismatch, verify

    try:
        checked = verify(args.dataset)
    except DatasetMismatch as err:
        print(f"newspara verify: {args.dataset}: FAILED: {err}", file=sys.stderr)
        return 1
    print(f"{args.dataset}: OK: {checked}")
    return 0


def _summary(args: argparse.Namespace) -> None:
    from newspara.summary import summary, update_readme

    text = summary(args.dataset, args.model)
    print(text)
    if args.update:
        update_readme(args.update, text)


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    main = argparse.ArgumentParser(prog="newspara", description="Libya News Paragraphs: build, train, predict.")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the dataset folder from a corpus folder")
    build.add_argument("--corpus", type=Path, default=Path("corpus"))
    build.add_argument("--out", type=Path, default=Path("dataset"))
    build.add_argument("--workers", type=int, default=1, help="processes for the per-article work")
    build.add_argument("--strict", action="store_true", help="exit 2, leaving OUT as it was, if any file is rejected")
    build.add_argument("--card", type=Path, help="dataset card to fill in and use as the folder's README.md")
    build.add_argument("--citation", type=Path, help="also write the release's CITATION.cff here")
    build.add_argument(
        "--rejects", type=Path, help="where to list rejected files and why (JSON lines); default OUT/rejects.jsonl"
    )
    build.set_defaults(run=_build)

    train = commands.add_parser("train", help="train and evaluate the baseline")
    train.add_argument("--dataset", type=Path, default=Path("dataset"))
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    train.set_defaults(run=_train)

    predict = commands.add_parser(
        "predict", help="label the blocks of pages: .txt, .html/.htm(.gz), .warc(.gz), .jsonl(.gz) (JSON lines out)"
    )
    predict.add_argument("files", type=Path, nargs="+")
    predict.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    where = predict.add_mutually_exclusive_group()
    where.add_argument("--out", help="output file, gzip-compressed if named *.gz; '-' or none for standard output")
    where.add_argument(
        "--out-dir",
        type=Path,
        help="one output file per input, FOLDER/<input name>.jsonl; a rerun labels only inputs without one, "
        "an input that cannot be read is reported and skipped (exit 1)",
    )
    predict.add_argument("--gzip", action="store_true", help="with --out-dir, write FOLDER/<input name>.jsonl.gz")
    predict.add_argument("--workers", type=int, default=1, help="processes labelling pages")
    predict.add_argument(
        "--articles", action="store_true", help="one JSON line per page, its headline and article body, instead"
    )
    predict.set_defaults(run=_predict)

    blocks = commands.add_parser("blocks", help="print a raw file's blocks (.txt or .html) as a label-file skeleton")
    blocks.add_argument("file", type=Path)
    blocks.set_defaults(run=_blocks)

    verify = commands.add_parser("verify", help="check a dataset folder against its SHA256SUMS, card and schema")
    verify.add_argument("dataset", type=Path, nargs="?", default=Path("dataset"))
    verify.set_defaults(run=_verify)

    summary = commands.add_parser("summary", help="print the dataset's split sizes and the baseline's scores")
    summary.add_argument("--dataset", type=Path, default=Path("dataset"))
    summary.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    summary.add_argument("--update", type=Path, metavar="README", help="also write it into the file's results section")
    summary.set_defaults(run=_summary)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the command line; user and system errors print one message and exit 2, a failed ``verify`` exits 1."""
    args = parser().parse_args(argv)
    try:
        code = args.run(args)
    except InputError as err:
        print(f"newspara {args.command}: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the machine's trouble, not the input's: a full disk, a lost mount, no permission
        where = f"{err.filename}: " if err.filename else ""
        print(f"newspara {args.command}: error: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"newspara {args.command}: interrupted; outputs were left as they were", file=sys.stderr)
        return 130
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
