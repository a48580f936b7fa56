"""Train the relation pair classifier (``kg/extract/pairs.py``) and choose its threshold.

    python benchmarks/train_relations.py            # cross-validate, then fit on all texts and write the model
    python benchmarks/train_relations.py --cv-only  # the cross-validation table alone

Training texts: ``benchmarks/data/extraction-dev/tune/`` and ``train/`` (never ``heldout/``). Labels
by distant supervision: each candidate pair of one sentence (``kg.extract.pairs.candidate_pairs``)
takes the relations of the expected facts whose subject and object it names (through the graph's
names, as the benchmark matches them; ``interactsWith`` both ways; an ``outcome`` line labels the pair
(interacting drug, finding)); a pair several facts match shares its weight among them; a pair only
an ``optional`` fact matches is left out; every other pair is "none" (a ``wrong`` fact's pair too).

The threshold is chosen by leave-one-text-out cross-validation: each text is scored
(``bench_extract.score_file``: the rules plus a model fitted on the other texts) at each threshold,
and the one with the best F1 among those with precision 0.9 or more (else the best F1) is kept. The
model written holds that threshold, the regularisation, the training texts and their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import DEV, Expected, _Names, read_expected, score_file  # noqa: E402

PARTS = ("tune", "train")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def texts() -> list[Path]:
    return [t for part in PARTS for t in sorted((DEV / part).glob("*.txt"))]


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        for path in (f, f.with_suffix(".facts.tsv")):
            h.update(f"{path.parent.name}/{path.name}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def examples(extractor: Any, names: _Names, text_file: Path) -> tuple[list[list[str]], list[dict[str, float]]]:
    """Feature lists and target distributions of one text's candidate pairs."""
    from kg.extract.extractor import bounded_sentences
    from kg.extract.pairs import NONE, candidate_pairs, contexts, features
    from kg.extract.text import read_document, sections, sentences

    document = read_document(text_file)
    result = extractor.extract(document)
    text = result.text
    expected = [e for e in read_expected(text_file.with_suffix(".facts.tsv")) if e.predicate != "dkv:brandName"]
    focus = extractor._focus(result.entities)
    spans = bounded_sentences(text, sentences(text))
    mentions = sorted(result.entities, key=lambda m: (m.start, -m.end))

    def named(wanted: tuple[str, ...], m: Any) -> bool:
        return names.matches(wanted, m.ref, m.label, m.iri is None)

    def hits(e: Expected, s: Any, o: Any) -> bool:
        if named(e.subjects, s) and named(e.objects, o):
            return True
        return e.predicate == "dkv:interactsWith" and named(e.subjects, o) and named(e.objects, s)

    xs: list[list[str]] = []
    ys: list[dict[str, float]] = []
    for ctx in contexts(text, spans, sections(text), mentions):
        for s, o in candidate_pairs(ctx, focus):
            subject = s if s is not None else focus
            matched = [e for e in expected if hits(e, subject, o)]
            required = sorted({e.predicate.removeprefix("dkv:") for e in matched if e.status == "required"})
            if not required and any(e.status == "optional" for e in matched):
                continue
            xs.append(features(text, ctx, s, o))
            ys.append({p: 1.0 / len(required) for p in required} if required else {NONE: 1.0})
    return xs, ys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)

    from kg.compile.pipeline import open_built_store
    from kg.extract.adverse import AdverseReactionTagger
    from kg.extract.extractor import Extractor
    from kg.extract.pairs import MODEL_PATH, fit

    extractor = Extractor(open_built_store(), AdverseReactionTagger(), pairs=False)
    names = _Names(extractor)
    files = texts()
    data = {f: examples(extractor, names, f) for f in files}
    n_pos = sum(1 for f in files for y in data[f][1] if "none" not in y)
    print(f"{len(files)} texts, {sum(len(data[f][0]) for f in files)} candidate pairs, {n_pos} related")

    def score(threshold_models: dict[Path, Any], threshold: float) -> tuple[int, int, int, int]:
        per: dict[str, list[int]] = {}
        for f in files:
            model = threshold_models[f]
            model.threshold = threshold
            extractor.pair_model = model
            score_file(extractor, names, f, per, [0, 0], {}, [])
        return tuple(sum(c[i] for c in per.values()) for i in range(4))  # type: ignore[return-value]

    fold_models = {}
    for f in files:
        xs = [x for g in files if g != f for x in data[g][0]]
        ys = [y for g in files if g != f for y in data[g][1]]
        fold_models[f] = fit(xs, ys, l2=args.l2)
    extractor.pair_model = None
    per_rules: dict[str, list[int]] = {}
    for f in files:
        score_file(extractor, names, f, per_rules, [0, 0], {}, [])
    rules = tuple(sum(c[i] for c in per_rules.values()) for i in range(4))
    print(f"leave-one-text-out cross-validation ({len(files)} folds), l2 {args.l2}")
    print(f"  {'threshold':<10} {'recall':>14} {'precision':>14} {'F1':>6}")
    rows = [("rules", rules)] + [(f"{t:.1f}", score(fold_models, t)) for t in THRESHOLDS]
    best: tuple[float, float] | None = None
    results = {}
    for label, (hit, need, right, judged) in rows:
        r, p = hit / need, right / judged if judged else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {label:<10} {f'{hit}/{need} {r:.2f}':>14} {f'{right}/{judged} {p:.2f}':>14} {f1:>6.2f}")
        if label != "rules":
            results[float(label)] = {"recall": round(r, 3), "precision": round(p, 3), "f1": round(f1, 3)}
            key = (1.0 if p >= 0.9 else 0.0, f1)
            if best is None or key > (1.0 if results[best[1]]["precision"] >= 0.9 else 0.0, best[0]):
                best = (f1, float(label))
    assert best is not None
    threshold = best[1]
    print(f"chosen threshold {threshold}")
    if args.cv_only:
        return 0
    xs = [x for f in files for x in data[f][0]]
    ys = [y for f in files for y in data[f][1]]
    meta = {
        "l2": args.l2,
        "training_texts": [f"{f.parent.name}/{f.name}" for f in files],
        "training_sha256": digest(files),
        "cross_validation": {"folds": len(files), "by_threshold": {str(k): v for k, v in results.items()}},
        "trained_by": "python benchmarks/train_relations.py",
    }
    model = fit(xs, ys, l2=args.l2, threshold=threshold, meta=meta)
    MODEL_PATH.write_text(json.dumps(model.as_json(), indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size:,} bytes, {len(model.weights):,} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
