"""Word forms by hand-written endings or by a lexicon: recall on the corpora and speed (issue 16, item 5).

    .venv/bin/pip install simplemma spylls hunspell-sv; apt-get install hunspell hunspell-sv   (the candidates)
    .venv/bin/python bench/bench_lexicon.py [--examples N] [--sample N]     (about 3 minutes)

First the time each tool takes for the unique words of bench_score's 20-page document, against the scoring.
Then, for each head word of the checklist's one-word vocabulary terms with an ending ("lägesbild*" ->
lägesbild), it counts the word forms of the corpora (corpus_blind/files, corpus_samples/files,
corpus_real/src/*.txt if present) that are forms of it according to
  endings    today's term matcher: the terms with that head as written in the YAML
  simplemma  the lemma (pip simplemma, "sv", greedy) equals the head's lemma, or ends with it after a
             first part that simplemma knows as a word (simplemma has no compound analysis of its own)
  spylls     hunspell's analysis in pure Python (pip spylls + the sv_SE dictionary of pip hunspell-sv):
             a stem, or the last parts of a compound with the stem of its last part ("lägesbilden" ->
             läges + bild: bild, lägesbild)
  hunspell   the same analysis by the hunspell program (Debian hunspell + hunspell-sv), one call for all words
and prints, per tool, how many forms it finds that the endings miss and the reverse, with examples to read.
Tools that are not installed are skipped; none is a dependency of granskaren (README: "Ordformer").
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from auditor.document import fold  # noqa: E402
from auditor.engine.matchers.terms import compile_term, term_pattern  # noqa: E402
from auditor.parsers import parse  # noqa: E402
from bench import bench_score  # noqa: E402

_WORD = re.compile(r"[^\W\d_]{2,}")
# words -> each word's lemmas, and its lemmas plus compound heads ("lägesbilden" -> lägesbild; bild)
Analysis = dict[str, tuple[set[str], set[str]]]
Analyser = Callable[[list[str]], Analysis]


def corpus_words() -> dict[str, int]:
    """Every lowercased word form of the corpora's texts, with its count."""
    paths = sorted((ROOT / "corpus_blind" / "files").iterdir()) + sorted((ROOT / "corpus_samples" / "files").iterdir())
    paths += sorted((ROOT / "corpus_real" / "src").glob("*.txt"))
    counts: dict[str, int] = {}
    for path in paths:
        for word in _WORD.findall(parse(path).text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


def vocabulary_heads() -> dict[str, list[str]]:
    """Head word -> the one-word terms with an ending in the checklist's vocabulary ("period*", "*brand*")."""
    vocab = yaml.safe_load((ROOT / "checklist_17.yaml").read_text(encoding="utf-8"))["vocab"]
    heads: dict[str, list[str]] = {}
    for terms in vocab.values():
        for term in terms:
            core = term.strip("*")
            if core.isalpha():
                heads.setdefault(core, []).append(term)
    # a head written only without an ending ("målen", "tid") asks for those forms alone
    return {head: terms for head, terms in heads.items() if any(term.endswith("*") for term in terms)}


def endings_matches(heads: dict[str, list[str]], words: list[str]) -> dict[str, set[str]]:
    """Head -> the words that today's matcher finds for its terms (a document with intact å/ä/ö)."""
    found: dict[str, set[str]] = {}
    for head, terms in heads.items():
        for term in terms:
            compiled, pattern = compile_term(term), re.compile(term_pattern(term))
            for word in words:
                if pattern.fullmatch(fold(word)) and all(word[i] in shown for i, shown in compiled.diacritics):
                    found.setdefault(head, set()).add(word)
    return found


def lexicon_matches(heads: dict[str, list[str]], words: list[str], analyse: Analyser) -> dict[str, set[str]]:
    """Head -> the words one of whose lemmas or compound heads is the head's lemma (or the head itself)."""
    analyses = analyse(words + list(heads))
    by_lemma: dict[str, set[str]] = {}
    for word in words:
        for lemma in analyses[word][1]:
            by_lemma.setdefault(lemma, set()).add(word)
    found: dict[str, set[str]] = {}
    for head in heads:
        for lemma in analyses[head][0] | {head}:
            found.setdefault(head, set()).update(by_lemma.get(lemma, ()))
    return found


def simplemma_analyser() -> Analyser | None:
    try:
        import simplemma
    except ImportError:
        return None
    simplemma.lemmatize("och", lang="sv")  # loads the Swedish data

    def known(part: str) -> bool:
        return simplemma.is_known(part, lang="sv")

    def analyse(words: list[str]) -> Analysis:
        result = {}
        for word in words:
            lemma = simplemma.lemmatize(word, lang="sv", greedy=True)
            heads = {lemma}
            for i in range(2, len(lemma) - 2):  # compound: a known first part (maybe with a linking s)
                first = lemma[:i]
                if known(first) or (first.endswith("s") and known(first[:-1])):
                    heads.add(lemma[i:])
            result[word] = ({lemma}, heads)
        return result

    return analyse


def _compound_heads(word: str, parts: list[tuple[str, str]]) -> list[str]:
    """(text, stem) of the parts of a compound (hunspell may leave out the first) -> the whole word and its
    last parts, each with the stem of the last part ("lägesbilden" -> lägesbild, bild), the whole word first."""
    last_text, last_stem = parts[-1]
    texts = [text for text, _ in parts[:-1]]
    return [word[: len(word) - len(last_text)] + last_stem] + ["".join(texts[i:]) + last_stem for i in range(len(texts) + 1)]


def spylls_analyser() -> Analyser | None:
    try:
        from spylls.hunspell import Dictionary
        from spylls.hunspell.algo.lookup import AffixForm
    except ImportError:
        return None
    path = Path(sys.prefix) / "share" / "hunspell" / "sv_SE"
    if not path.with_suffix(".dic").exists():
        return None

    lookup = Dictionary.from_files(str(path)).lookuper

    def analyse(words: list[str]) -> Analysis:
        result: Analysis = {}
        for word in words:
            lemmas, heads = result[word] = set(), set()
            for form in lookup.good_forms(word):
                found = [form.stem] if isinstance(form, AffixForm) else _compound_heads(
                    word, [(part.text, part.stem) for part in form.parts])
                lemmas.add(found[0])
                heads.update(found)
        return result

    return analyse


def hunspell_analyser() -> Analyser | None:
    if not shutil.which("hunspell") or not Path("/usr/share/hunspell/sv_SE.dic").exists():
        return None

    def analyse(words: list[str]) -> Analysis:
        # -m prints one line per analysis: "word  st:stem" or "word  pa:part st:stem pa:part st:stem ..."
        out = subprocess.run(["hunspell", "-d", "sv_SE", "-i", "utf-8", "-m"], input="\n".join(words),
                             capture_output=True, text=True, check=True).stdout
        result: Analysis = {word: (set(), set()) for word in words}
        for line in out.splitlines():
            word, _, analysis = line.partition(" ")
            if word not in result:
                continue
            parts = re.findall(r"pa:(\S+) +st:(\S+)", analysis)
            found = _compound_heads(word, parts) if parts else re.findall(r"st:(\S+)", analysis)[:1]
            if found:
                result[word][0].add(found[0])
                result[word][1].update(found)
        return result

    return analyse


def _examples(words: set[str], counts: dict[str, int], n: int) -> str:
    return ", ".join(sorted(words, key=lambda w: (-counts[w], w))[:n])


def recall(tools: dict[str, Analyser], examples: int, sample: int) -> list[str]:
    counts = corpus_words()
    words = sorted(counts)
    heads = vocabulary_heads()
    endings = endings_matches(heads, words)
    found = {"endings": endings} | {name: lexicon_matches(heads, words, tool) for name, tool in tools.items()}
    lines = [f"{len(words)} ordformer ({sum(counts.values())} ord) i korpusarna, {len(heads)} huvudord ur vocab", ""]
    lines.append(f"{'verktyg':<10} {'former':>7} {'förekomster':>11} {'ej med ändelser':>15} {'bara ändelser':>13}")
    union = {name: {(h, w) for h, ws in by_head.items() for w in ws} for name, by_head in found.items()}
    for name, pairs in union.items():
        extra, missed = pairs - union["endings"], union["endings"] - pairs
        lines.append(f"{name:<10} {len(pairs):>7} {sum(counts[w] for _, w in pairs):>11} {len(extra):>15} "
                     f"{len(missed):>13}")
    for name in tools:
        for title, pairs in [("hittar, ändelserna missar", union[name] - union["endings"]),
                             ("missar, ändelserna hittar", union["endings"] - union[name])]:
            by_head: dict[str, set[str]] = {}
            for head, word in pairs:
                by_head.setdefault(head, set()).add(word)
            lines += ["", f"{name} {title} ({len(pairs)} par, {len(by_head)} huvudord):"]
            for head in sorted(by_head, key=lambda h: -len(by_head[h]))[:examples]:
                lines.append(f"  {head} ({', '.join(heads[head])}): {_examples(by_head[head], counts, 8)}")
            if sample:
                picked = random.Random(0).sample(sorted(pairs), min(sample, len(pairs)))
                lines.append(f"  stickprov: {'; '.join(f'{word} -> {head}' for head, word in picked)}")
    return lines


def load_tools() -> tuple[dict[str, Analyser], dict[str, float]]:
    """The installed tools, and the milliseconds each took to load."""
    tools, load_ms = {}, {}
    for name, make in [("simplemma", simplemma_analyser), ("spylls", spylls_analyser), ("hunspell", hunspell_analyser)]:
        start = time.perf_counter()
        tool = make()
        if tool is not None:
            tools[name], load_ms[name] = tool, (time.perf_counter() - start) * 1000
    return tools, load_ms


def speed(tools: dict[str, Analyser], load_ms: dict[str, float]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        source = bench_score.FRONT + "".join(bench_score.PAGE.format(n=n) for n in range(1, bench_score.PAGES + 1))
        document = parse(bench_score.render(source, Path(tmp) / "bench.pdf", fmt="pdf"))
    tokens = _WORD.findall(document.text.lower())
    unique = sorted(set(tokens))
    lines = [f"Fart: {len(unique)} unika ord av {len(tokens)} i bench_score:s 20-sidiga dokument, första gången "
             "(inget sparat)"]
    for name, analyse in tools.items():
        start = time.perf_counter()
        analyse(unique)
        ms = (time.perf_counter() - start) * 1000
        lines.append(f"  {name:<10} {ms:8.1f} ms, {ms / len(tokens) * 1000:8.1f} ms per 1 000 ord "
                     f"(laddning före: {load_ms[name]:.0f} ms)")
    score = bench_score.measure(5)
    lines += [f"  poängsättning idag (median) {score['wall_ms']:.1f} ms, mål ≤ 50 ms", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=25, help="huvudord med exempel per verktyg och riktning")
    parser.add_argument("--sample", type=int, default=0, help="slumpvisa par per verktyg och riktning, att läsa")
    args = parser.parse_args()
    tools, load_ms = load_tools()
    print("\n".join(speed(tools, load_ms) + recall(tools, args.examples, args.sample)))


if __name__ == "__main__":
    main()
