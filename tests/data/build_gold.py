#!/usr/bin/env python3
"""Build a gold corpus (NNN.txt + gold.json, FORMAT.md of the eval scorer) from inline markup.

Usage: python3 tests/data/build_gold.py [CORPUS...]      (default: every dir in annotated/)

Source: tests/data/annotated/<corpus>/
  entities.tsv   one entity per line: id <TAB> TYPE <TAB> canonical name   (# comments allowed)
  NNN.ann        the article with every mention marked inline:
                   [[surface text|entity_id]]    required mention
                   [[surface text|entity_id?]]   optional mention (nominal, demonym, title)
                 A file named NNN.crlf.ann is written with CRLF line endings.
Output: tests/data/<corpus>/NNN.txt and tests/data/<corpus>/gold.json (code-point offsets).
The script checks: known ids, valid types, no overlapping required mentions, no unused entity,
no stray brackets. Run it after editing an .ann file, then check it with gold_to_pred.py (see there).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "annotated")
TYPES = ("PERSON", "ORG", "PLACE", "LAW", "MISC")
MARK = re.compile(r"\[\[([^\[\]|]+)\|([a-z0-9_]+)(\??)\]\]")


def build(corpus):
    sdir = os.path.join(SRC, corpus)
    ents = {}
    order = []
    with open(os.path.join(sdir, "entities.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            eid, typ, name = line.split("\t")
            assert typ in TYPES, f"{corpus}: {eid}: bad type {typ}"
            assert eid not in ents, f"{corpus}: duplicate id {eid}"
            ents[eid] = {"id": eid, "type": typ, "name": name, "mentions": []}
            order.append(eid)
    files = sorted(n for n in os.listdir(sdir) if n.endswith(".ann"))
    docs = []
    out_dir = os.path.join(HERE, corpus)
    os.makedirs(out_dir, exist_ok=True)
    for fn in files:
        doc = fn.split(".")[0]
        crlf = fn.endswith(".crlf.ann")
        with open(os.path.join(sdir, fn), encoding="utf-8", newline="") as f:
            src = f.read()
        assert "\r" not in src, f"{fn}: write sources with LF; use .crlf.ann for CRLF output"
        if crlf:
            src = src.replace("\n", "\r\n")
        out = []
        pos = 0
        cp = 0
        spans = []
        for m in MARK.finditer(src):
            plain = src[pos:m.start()]
            out.append(plain)
            cp += len(plain)
            surface, eid, opt = m.group(1), m.group(2), bool(m.group(3))
            assert eid in ents, f"{corpus}/{fn}: unknown entity id {eid!r} ({surface!r})"
            assert surface == surface.strip(), f"{fn}: mention with outer space {surface!r}"
            spans.append((cp, cp + len(surface), surface, eid, opt))
            out.append(surface)
            cp += len(surface)
            pos = m.end()
        out.append(src[pos:])
        text = "".join(out)
        assert "[[" not in text and "]]" not in text and "|" not in text, f"{fn}: stray markup"
        req = sorted((s for s in spans if not s[4]), key=lambda s: s[:2])
        for a, b in zip(req, req[1:]):
            assert b[0] >= a[1], f"{fn}: overlapping required mentions {a} {b}"
        for s, e, surface, eid, opt in spans:
            assert text[s:e] == surface
            ents[eid]["mentions"].append(
                {"doc": doc, "start": s, "end": e, "text": surface, "optional": opt})
        with open(os.path.join(out_dir, doc + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        docs.append(doc)
    for eid in order:
        assert ents[eid]["mentions"], f"{corpus}: entity {eid} has no mention"
        ents[eid]["mentions"].sort(key=lambda m: (docs.index(m["doc"]), m["start"]))
    gold = {"docs": docs, "entities": [ents[e] for e in order]}
    with open(os.path.join(out_dir, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, indent=1, ensure_ascii=False)
        f.write("\n")
    n_req = sum(1 for e in gold["entities"] for m in e["mentions"] if not m["optional"])
    shared = [e["id"] for e in gold["entities"]
              if len({m["doc"] for m in e["mentions"] if not m["optional"]}) >= 2]
    print(f"{corpus}: {len(docs)} docs, {len(order)} entities, {n_req} required mentions, "
          f"{len(shared)} shared entities")


def main(argv):
    corpora = argv or sorted(d for d in os.listdir(SRC) if os.path.isdir(os.path.join(SRC, d)))
    for c in corpora:
        build(c)


if __name__ == "__main__":
    main(sys.argv[1:])
