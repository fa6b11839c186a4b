"""``claimgraph extract``: propose an annotation (actors, places, negotiations, statements) for an article.

Writes the loader's YAML annotation format (annotator.method: extraction), or with ``--json`` prints
the evaluation form read by shared/eval/score.py. Rule-based; needs no model download.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import click
import yaml


class _Dumper(yaml.SafeDumper):
    """Writes multi-line strings (the article text) as literal blocks, so they stay readable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


PUBLISHER_NEEDED = ("an annotation needs --publisher NAME: the interchange contract gives every "
                    "source document a publisher (docs/annotation-format.md)")


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``--date`` is a day, YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _document_field_pattern(name: str) -> str:
    from claimgraph.graph.annotation import schema

    return schema()["properties"]["document"]["properties"][name]["pattern"]


def check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``--url`` is what the annotation format takes as ``document.url``."""
    if value is not None and not re.fullmatch(_document_field_pattern("url"), value):
        raise click.BadParameter(f"expected an http(s) URL without spaces or control characters, "
                                 f"got {value!r}")
    return value


def check_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: ``--id`` is what the annotation format takes as ``document.id``."""
    if value is not None and not re.fullmatch(_document_field_pattern("id"), value):
        raise click.BadParameter(f"expected lower-case letters, digits and hyphens, starting with "
                                 f"a letter or digit, got {value!r}")
    return value


def check_publisher(ctx: click.Context, param: click.Parameter,
                    value: str | None) -> str | None:
    """A click callback: ``--publisher`` is a name, not blank."""
    if value is not None and not value.strip():
        raise click.BadParameter("expected the publisher's name, got a blank value")
    return value.strip() if value is not None else None


def _read_article(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text (byte {exc.start}): expected a plain-text article")
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read ({exc.strerror})")
    if not text.strip():
        raise click.ClickException(f"{path}: the article is empty; expected English news text")
    return text


@click.command("extract")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", callback=check_url, help="URL of the article (document.url).")
@click.option("--date", "date_published", callback=check_date,
              help="Publication date YYYY-MM-DD; relative dates (\"on Sunday\") are resolved against it.")
@click.option("--publisher", callback=check_publisher,
              help="Publisher of the article (document.publisher): required, except with --json.")
@click.option("--id", "doc_id", callback=check_id,
              help="Document id (default: a slug of the headline).")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the annotation to FILE instead of stdout.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the evaluation form (actors, locations, statements, negotiations) as JSON.")
def extract_cmd(article: Path, url: str | None, date_published: str | None, publisher: str | None,
                doc_id: str | None, out: Path | None, as_json: bool) -> None:
    """Extract an annotation from ARTICLE (a UTF-8 text file, headline on the first line)."""
    from claimgraph.graph.extract import extract_annotation, to_eval_json

    if publisher is None and not as_json:
        raise click.UsageError(PUBLISHER_NEEDED)
    text = _read_article(article)
    ann = extract_annotation(text, url=url, date_published=date_published,
                             publisher=publisher, id=doc_id)
    if as_json:
        rendered = json.dumps(to_eval_json(ann), ensure_ascii=False, indent=1) + "\n"
    else:
        rendered = "# Machine-extracted by claimgraph-extractor; review before treating as curated.\n" + \
            yaml.dump(ann, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if out is None:
        click.echo(rendered, nl=False)
        return
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(rendered, encoding="utf-8")
        tmp.replace(out)  # atomic: never leave a half-written annotation
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror})")
    n = len(ann["statements"])
    print(f"wrote {out}: {len(ann['actors'])} actors, {len(ann['locations'])} locations, "
          f"{n} statements", file=sys.stderr)


def register(group: click.Group) -> None:
    """Add ``extract`` to the claimgraph command group."""
    group.add_command(extract_cmd)
