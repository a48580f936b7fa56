"""The curation assistant: text in, candidate facts with their evidence out (``drugkg extract``),
and the reviewed ones into a user data folder that the build reads (``drugkg accept``).

- :mod:`kg.extract.text`: reading a file (limits and bad input), sections, sentences, words;
- :mod:`kg.extract.lexicon`: the graph's names (through :class:`kg.analysis.names.NameIndex`) and classes;
- :mod:`kg.extract.adverse`: the adverse-reaction CRF, and how to fit it again;
- :mod:`kg.extract.corpus`: the SPL-ADR-200db corpus it is fitted and scored on;
- :mod:`kg.extract.context`: negated and hypothetical context (ConText-style cue rules);
- :mod:`kg.extract.relations`: the trigger phrases that propose facts;
- :mod:`kg.extract.extractor`: mentions and facts of one document;
- :mod:`kg.extract.draft`: the JSON output and the TriG draft;
- :mod:`kg.extract.review`: the terminal table and the HTML review page;
- :mod:`kg.extract.accept`: accepting candidates of a draft into the user data folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the submodules are imported where used: `python -m kg.extract.adverse` runs one of them
    import pyoxigraph as ox

    from kg.extract.extractor import Extraction

__all__ = ["extract_files"]


def extract_files(
    paths: Sequence[Path], store: ox.Store, adverse_model: bool = True, pair_model: bool = True
) -> list[Extraction]:
    """Read every file (failing before any work on the first bad one), then extract from each;
    candidate ids run on across the documents (c1, c2, ...). ``pair_model`` False: the trigger
    rules alone, without the relation pair classifier."""
    from kg.extract.extractor import Extractor
    from kg.extract.text import read_document

    documents = [read_document(path) for path in paths]
    tagger = None
    if adverse_model:
        from kg.extract.adverse import AdverseReactionTagger

        tagger = AdverseReactionTagger()
    extractor = Extractor(store, tagger, pairs=pair_model)
    results = []
    counter = 0
    for document in documents:
        result = extractor.extract(document)
        for fact in result.facts:
            counter += 1
            fact.id = f"c{counter}"
        results.append(result)
    return results
