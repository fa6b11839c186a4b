"""Rule-based extraction of actors, places, negotiations and attributed statements from news text.

The pipeline (each step a module): ``segment`` (paragraphs and sentences with offsets) ->
``entities`` (gazetteer + name patterns) -> ``attribution`` with ``cues`` and ``coref`` (who said
what, nested and continued statements) -> ``kinds`` (kind, quotation flag) and ``temporal`` (dates,
counts) -> ``negotiations`` -> ``build`` (annotation dict and evaluation form). No model download.
"""

EXTRACTOR_VERSION = "0.1.0"

from .build import extract_annotation  # noqa: E402
from .evalform import to_eval_json  # noqa: E402

__all__ = ["EXTRACTOR_VERSION", "extract_annotation", "to_eval_json"]
