#!/usr/bin/env python3
"""Convert a corpus's gold.json into a predictions JSON (the `storylink analyze` format).

Usage: python3 tests/data/gold_to_pred.py CORPUS_DIR [--optional] > pred.json
       python3 ../shared/eval/score.py CORPUS_DIR pred.json      # must print 1.000 everywhere

Gold offsets are Unicode code points; predictions use UTF-16 code units, so every offset is
converted (a character above U+FFFF, e.g. an emoji, counts 2 units). Only required mentions are
written unless --optional is given (optional mentions may overlap required ones). The cluster
id of each mention is its gold entity id. This is the sanity check of a gold file: scored
against itself it must give 1.0 for every figure and 0 offset errors.
"""
import json
import os
import sys


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def cp_to_u16(text):
    """m[i] = UTF-16 offset of code point i (len(text) + 1 entries)."""
    m, u = [], 0
    for ch in text:
        m.append(u)
        u += 2 if ord(ch) > 0xFFFF else 1
    m.append(u)
    return m


def convert(corpus_dir, with_optional=False):
    with open(os.path.join(corpus_dir, "gold.json"), encoding="utf-8") as f:
        gold = json.load(f)
    texts = {d: read_text(os.path.join(corpus_dir, d + ".txt")) for d in gold["docs"]}
    maps = {d: cp_to_u16(t) for d, t in texts.items()}
    per_doc = {d: [] for d in gold["docs"]}
    for ent in gold["entities"]:
        for m in ent["mentions"]:
            if m.get("optional") and not with_optional:
                continue
            d = m["doc"]
            t = texts[d]
            assert t[m["start"]:m["end"]] == m["text"], (d, m)
            per_doc[d].append({"start": maps[d][m["start"]], "end": maps[d][m["end"]],
                               "text": m["text"], "type": ent["type"], "entity": ent["id"]})
    return {
        "documents": [{"id": d, "mentions": sorted(per_doc[d], key=lambda x: (x["start"], x["end"]))}
                      for d in gold["docs"]],
        "entities": [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in gold["entities"]],
    }


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    pred = convert(argv[0], "--optional" in argv[1:])
    json.dump(pred, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
