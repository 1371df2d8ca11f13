"""``demo OUT.gpkg``: write the built-in demonstration project."""

from __future__ import annotations


def configure(parser) -> None:
    parser.add_argument("out", help="GeoPackage to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1); the same seed gives the same project")
    parser.add_argument("--scale", choices=("county", "city", "province"), default="county",
                        help="one county of about 700 villages, a city of nine counties (about 4,800), "
                             "or a province of ten cities (about 50,000)")


def run(args, ctx) -> dict:
    from pathlib import Path

    from layers.errors import InputError

    out = Path(args.out)
    if out.is_dir():
        raise InputError("is_folder", "is a folder, not a file name", file=str(out))
    if not out.parent.is_dir():
        raise InputError("no_folder", "folder does not exist", file=str(out))
    if out.suffix.lower() != ".gpkg":
        raise InputError("bad_option", "the project file name must end in .gpkg", file=str(out))
    if args.seed < 0:
        raise InputError("bad_option", f"--seed: must be 0 or more, got {args.seed}")

    from gisdesk.demo import build_demo

    project = build_demo(args.seed, args.scale, progress=lambda f, m: ctx.progress(0.9 * f, m))
    ctx.progress(0.92, "saving")
    path = project.save(out)
    summary = {"path": str(path), "scale": args.scale, "seed": args.seed}
    for name, frame in project.layers.items():
        summary[name] = len(frame)
    ctx.info(
        f"wrote {path}: {summary['villages']} villages, {summary['units']} units, {summary['posts']} posts, "
        f"{summary['key_sites']} key sites, {summary['roads']} road segments"
    )
    return summary
