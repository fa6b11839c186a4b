"""``claimgraph ontology ...``: check RDF files against the shapes and the reasoner; regenerate docs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import Graph

from claimgraph.cli.output import writable_file


def _read(paths: tuple[Path, ...]) -> Graph:
    """Read RDF files (format from the extension) into one graph of all their triples, through
    the loader's checks and parsers: no DTD or entities in RDF/XML, no JSON-LD context fetched
    from the network or the disk, the loader's size limit."""
    from claimgraph.graph.load import LoadError, check_rdf_file, media_type_of, read_rdf

    data = Graph()
    for path in paths:
        try:
            media_type = media_type_of(path)
            if media_type == "annotation":
                raise LoadError(path, "an annotation file: check it with `claimgraph validate`, "
                                "which also applies the shapes")
            check_rdf_file(path, media_type)
            for graph in read_rdf(path, media_type).values():
                data += graph
        except LoadError as error:
            raise click.ClickException(str(error)) from None
    return data


def register(group: click.Group) -> None:
    """Add the ``ontology`` command group."""

    @group.group("ontology")
    def ontology() -> None:
        """The ontology: SHACL validation, HermiT consistency checks, generated reference."""

    @ontology.command("validate")
    @click.argument("files", nargs=-1, required=True,
                    type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--no-contract", is_flag=True,
                  help="Skip the interchange-contract shapes (data before materialization).")
    def validate_cmd(files: tuple[Path, ...], no_contract: bool) -> None:
        """Validate RDF FILES against claimgraph's SHACL shapes; exit 1 if any rule is broken."""
        from claimgraph.ontology.shapes import validate

        messages = validate(_read(files), contract=not no_contract)
        for message in messages:
            click.echo(message)
        if messages:
            click.echo(f"{len(messages)} violation(s)", err=True)
            sys.exit(1)
        click.echo("valid", err=True)

    @ontology.command("check")
    @click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--reasoner", type=click.Choice(["hermit", "pellet"]), default="hermit",
                  show_default=True, help="Pellet needs a newer Java than owlready2's HermiT.")
    def check_cmd(files: tuple[Path, ...], reasoner: str) -> None:
        """Check the ontology (plus RDF FILES, if given) for consistency; exit 1 if inconsistent."""
        from claimgraph.ontology.reasoning import check_consistency

        try:
            report = check_consistency(_read(files) if files else None, reasoner)
        except RuntimeError as e:
            raise click.ClickException(str(e)) from e
        click.echo(str(report))
        if not report.coherent:
            sys.exit(1)

    @ontology.command("reference")
    @click.option("--markdown", type=click.Path(dir_okay=False, path_type=Path),
                  callback=writable_file, help="Write the Markdown reference here (else print it).")
    @click.option("--diagram", type=click.Path(dir_okay=False, path_type=Path),
                  callback=writable_file,
                  help="Write the class diagram here (.svg needs Graphviz; .dot does not).")
    def reference_cmd(markdown: Path | None, diagram: Path | None) -> None:
        """Generate the ontology reference and class diagram from claimgraph.ttl."""
        from claimgraph.ontology.reference import main

        args = (["--markdown", str(markdown)] if markdown else []) + (
            ["--diagram", str(diagram)] if diagram else [])
        if main(args) != 0:
            sys.exit(1)
