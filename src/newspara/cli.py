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

    report = build(args.corpus, args.out, workers=args.workers, strict=args.strict, card_template=args.card)
    for reject in report.rejects:
        print(f"rejected: {reject['reason']}", file=sys.stderr)
    sizes = ", ".join(f"{s} {n['num_examples']}" for s, n in report.splits["paragraphs"].items())
    print(f"built {args.out}: {report.accounting()}; blocks per split: {sizes}")


def _train(args: argparse.Namespace) -> None:
    from newspara.train import BASELINE, train

    metrics = train(args.dataset, args.out)
    test = metrics["models"][BASELINE]["test"]
    held_out = metrics["generalisation"]["outlet"]["models"][BASELINE]["pooled"]
    print(
        f"trained {args.out}: test macro-F1 {test['macro_f1']:.3f}, accuracy {test['accuracy']:.3f}; "
        f"held-out outlets macro-F1 {held_out['macro_f1']:.3f}"
    )


def _predict(args: argparse.Namespace) -> None:
    from newspara.model import load_model
    from newspara.predict import predict_file

    model = load_model(args.model)
    to_stdout = args.out in (None, "-")
    with nullcontext(sys.stdout) if to_stdout else open(args.out, "w", encoding="utf-8") as out:
        for path in args.files:
            for record in predict_file(model, path):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _blocks(args: argparse.Namespace) -> None:
    from newspara.read import read_raw
    from newspara.segment import segment

    raw = read_raw(args.file)
    for block in segment(raw.text, raw.encoding, raw.bom_bytes, name=str(args.file)):
        print(json.dumps({"block": block.position, "label": None, "text": block.text}, ensure_ascii=False))


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
    build.add_argument("--strict", action="store_true", help="stop at the first rejected article")
    build.add_argument("--card", type=Path, help="dataset card to fill in and use as the folder's README.md")
    build.set_defaults(run=_build)

    train = commands.add_parser("train", help="train and evaluate the baseline")
    train.add_argument("--dataset", type=Path, default=Path("dataset"))
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    train.set_defaults(run=_train)

    predict = commands.add_parser("predict", help="label the blocks of raw article files (JSON lines)")
    predict.add_argument("files", type=Path, nargs="+")
    predict.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    predict.add_argument("--out", help="output file; '-' or none for standard output")
    predict.set_defaults(run=_predict)

    blocks = commands.add_parser("blocks", help="print a raw file's blocks as a label-file skeleton")
    blocks.add_argument("file", type=Path)
    blocks.set_defaults(run=_blocks)

    summary = commands.add_parser("summary", help="print the dataset's split sizes and the baseline's scores")
    summary.add_argument("--dataset", type=Path, default=Path("dataset"))
    summary.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    summary.add_argument("--update", type=Path, metavar="README", help="also write it into the file's results section")
    summary.set_defaults(run=_summary)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the command line; user errors print one message and exit 2."""
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except InputError as err:
        print(f"newspara {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"newspara {args.command}: interrupted; outputs were left as they were", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
