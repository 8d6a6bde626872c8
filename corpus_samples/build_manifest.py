"""Build `manifest.yaml` from the sources' front matter and the readers' labels.

Usage: python -m corpus_samples.build_manifest [CORPUS_FOLDER]   (default: corpus_samples; also corpus_blind)

Two readers label every document independently (`labels/reader_a_*.yaml`, written by the authors;
`labels/reader_b_*.yaml`, written blind). Where they agree, that is the gold label; where they differ,
`labels/adjudicated.yaml` must hold the resolved score with its reason (DOMAIN.md's level notes decide);
it may also correct a label both readers agreed on, where the adjudication showed them inconsistent.
The first-pass agreement between the readers is recorded in the manifest's header.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

from auditor.evaluation.metrics import exact_agreement, weighted_kappa
from auditor.labels import ITEM_IDS
from corpus_samples.render import FORMAT_SUFFIX, load_source

HERE = Path(__file__).resolve().parent
# What the manifest's header says about a corpus; a corpus may say it in labels/about.yaml.
_ABOUT = {"title": "Exempelkorpus för granskaren (fiktiva dokument)",
          "readers": "A: dokumentens författare; B: oberoende läsare som inte sett A:s bedömningar"}


def _reader(labels: Path, prefix: str) -> dict[str, dict]:
    documents: dict[str, dict] = {}
    for path in sorted(labels.glob(f"{prefix}*.yaml")):
        documents.update(yaml.safe_load(path.read_text(encoding="utf-8"))["documents"])
    return documents


def agreement_figures(pairs: list[tuple[int, int]]) -> dict:
    kappa = weighted_kappa(pairs)
    return {"n": len(pairs), "exact": round(exact_agreement(pairs) or 0.0, 3),
            "kappa": None if kappa is None else round(kappa, 3)}


def build(corpus: Path = HERE) -> tuple[dict, list[str]]:
    """The manifest as data, and the disagreements that still lack an adjudication."""
    labels_folder = corpus / "labels"
    first, second = _reader(labels_folder, "reader_a"), _reader(labels_folder, "reader_b")
    about_path = labels_folder / "about.yaml"
    about = {**_ABOUT, **(yaml.safe_load(about_path.read_text(encoding="utf-8")) if about_path.exists() else {})}
    adjudicated_path = labels_folder / "adjudicated.yaml"
    adjudicated = yaml.safe_load(adjudicated_path.read_text(encoding="utf-8")) or {} if adjudicated_path.exists() else {}
    pairs: dict[str, list[tuple[int, int]]] = {item: [] for item in ITEM_IDS}
    documents, unresolved = [], []
    for path in sorted((corpus / "sources").glob("*.md")):
        meta = load_source(path).meta
        doc_id = meta["id"]
        a, b = first[doc_id], second[doc_id]
        resolved = adjudicated.get(doc_id, {})
        labels = {}
        for item in ITEM_IDS:
            if item not in a["labels"]:
                continue
            score_a, score_b = a["labels"][item]["score"], b["labels"][item]["score"]
            pairs[item].append((score_a, score_b))
            if item in resolved:  # a disagreement resolved, or an agreed label corrected for consistency
                labels[item] = resolved[item]
            elif score_a == score_b:
                labels[item] = a["labels"][item]
            else:
                unresolved.append(f"{doc_id} {item}: A={score_a} B={score_b}")
        fmt = str(meta.get("format") or "pdf")
        documents.append({
            "id": doc_id,
            "file": f"files/{doc_id}{FORMAT_SUFFIX[fmt]}",
            "kommun": meta["kommun"],
            "lan": meta["lan"],
            "doc_type": resolved.get("doc_type", meta["doc_type"]),
            "version": meta.get("version"),
            "date": str(meta["date"]) if meta.get("date") else None,
            "period": meta.get("period"),
            "format": fmt,
            "labels": labels,
        })
    all_pairs = [pair for item_pairs in pairs.values() for pair in item_pairs]
    header = {
        "title": about["title"],
        "built": date.today().isoformat(),
        "readers": about["readers"],
        "first_pass_agreement": {
            "overall": agreement_figures(all_pairs),
            "per_item": {item: agreement_figures(item_pairs) for item, item_pairs in pairs.items()},
        },
        "resolution": "Oenigheter avgjorda enligt nivåanteckningarna i DOMAIN.md, se labels/adjudicated.yaml",
    }
    kommuner = sorted({(d["kommun"], d["lan"]) for d in documents})
    manifest = {
        "corpus": header,
        "kommuner": [{"kommun": k, "lan": lan} for k, lan in kommuner],
        "documents": documents,
    }
    return manifest, unresolved


def main() -> None:
    corpus = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    manifest, unresolved = build(corpus)
    if unresolved:
        print("Oenigheter utan avgörande i labels/adjudicated.yaml:", *unresolved, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    text = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False, width=110)
    (corpus / "manifest.yaml").write_text(text, encoding="utf-8")
    overall = manifest["corpus"]["first_pass_agreement"]["overall"]
    print(f"manifest.yaml: {len(manifest['documents'])} dokument; första läsningens överensstämmelse "
          f"{overall['exact']:.1%}, viktad kappa {overall['kappa']}")


if __name__ == "__main__":
    main()
