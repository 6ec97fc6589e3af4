#!/usr/bin/env python3
"""Join the three tools' findings on the real trees with the hand labels; print the table.

Findings are keyed by (tool, package, path, line, rule). The package is the tree's first two
directories (npm/NAME@VERSION, deb/NAME@VERSION). Labels (bench/labels/real_precision.tsv):

  tool  package  path  line  rule  fingerprint  label  preview  note

label is credential | test-credential | not-credential; fingerprint is release-gate's hash16
(stable across line moves) or '-'; preview is release-gate's redacted form (at most 4 chars).
A peer's finding on a line release-gate also reports takes that line's label ("same line").
"""
import argparse
import collections
import json
import os
import re
import sys

LABELS = ("credential", "test-credential", "not-credential")
TOOLS = ("release-gate", "secretlint", "git-secrets")


def split_pkg(path):
    parts = path.lstrip("./").split("/")
    return "/".join(parts[:2]), "/".join(parts[2:])


def preview(tree, path, line, column, match):
    """release-gate's own redaction of the value: at most 4 of its characters."""
    m = re.search(r"…\((\d+) chars\)", match)
    if not m:
        return "-"
    n = int(m.group(1))
    try:
        with open(os.path.join(tree, path), errors="replace") as f:
            text = f.read().split("\n")[line - 1]
    except (OSError, IndexError):
        return "-"
    shown = 0 if n < 8 else min(4, n // 4)
    return text[column - 1:column - 1 + shown] + f"…({n} chars)"


def load_release_gate(out, tree):
    with open(os.path.join(out, "release-gate.json")) as f:
        data = json.load(f)
    rows = []
    for d in data:
        pkg, rel = split_pkg(d["path"])
        fp = d["fingerprint"].rsplit(":", 1)[-1]
        rows.append(dict(tool="release-gate", pkg=pkg, path=rel, line=int(d["line"]),
                         rule=d["rule"], fp=fp, severity=d["severity"],
                         preview=preview(tree, d["path"], int(d["line"]), int(d["column"]), d["match"])))
    return rows


def load_secretlint(out, tree):
    path = os.path.join(out, "secretlint.json")
    text = open(path).read().strip()
    rows = []
    if not text:
        return rows
    for f in json.loads(text):
        rel_all = os.path.relpath(f["filePath"], tree)
        pkg, rel = split_pkg(rel_all)
        for m in f.get("messages", []):
            rows.append(dict(tool="secretlint", pkg=pkg, path=rel,
                             line=int(m["loc"]["start"]["line"]), rule=m["ruleId"].split("/")[-1]
                             + ("/" + m["messageId"] if m.get("messageId") else ""),
                             fp="-", severity="error", preview="-"))
    return rows


def load_git_secrets(out):
    rows = []
    for raw in open(os.path.join(out, "git-secrets.txt"), errors="replace"):
        m = re.match(r"^(?:\x1b\[[0-9;]*m)*(.+?)(?:\x1b\[[0-9;]*m)*:(?:\x1b\[[0-9;]*m)*(\d+)(?:\x1b\[[0-9;]*m)*:", raw)
        if not m:
            continue
        pkg, rel = split_pkg(m.group(1))
        rows.append(dict(tool="git-secrets", pkg=pkg, path=rel, line=int(m.group(2)),
                         rule="aws", fp="-", severity="error", preview="-"))
    # One line reported once, as git-secrets prints a line once per pattern that matches it.
    seen, uniq = set(), []
    for r in rows:
        k = (r["pkg"], r["path"], r["line"])
        if k not in seen:
            seen.add(k)
            uniq.append(r)
    return uniq


def load_labels(path):
    labels = {}
    if not os.path.exists(path):
        return labels
    for raw in open(path):
        if raw.startswith("#") or not raw.strip():
            continue
        c = raw.rstrip("\n").split("\t")
        tool, pkg, rel, line, rule, fp, label = c[:7]
        if label not in LABELS:
            sys.exit(f"{path}: unknown label {label!r}")
        labels[(tool, pkg, rel, int(line), rule)] = (label, fp)
    return labels


def label_of(r, labels, ours_by_line):
    hit = labels.get((r["tool"], r["pkg"], r["path"], r["line"], r["rule"]))
    if hit:
        return hit[0], "own"
    if r["tool"] != "release-gate":
        same = ours_by_line.get((r["pkg"], r["path"], r["line"]))
        if same:
            return same, "same line"
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--to-label")
    a = ap.parse_args()

    labels = load_labels(a.labels)
    found = {"release-gate": load_release_gate(a.out, a.tree),
             "secretlint": load_secretlint(a.out, a.tree),
             "git-secrets": load_git_secrets(a.out)}
    ours_by_line = {}
    for r in found["release-gate"]:
        lab = labels.get(("release-gate", r["pkg"], r["path"], r["line"], r["rule"]))
        if lab:
            ours_by_line[(r["pkg"], r["path"], r["line"])] = lab[0]
    our_lines = {(r["pkg"], r["path"], r["line"]) for r in found["release-gate"]}

    print()
    print("| tool | findings | labelled | credential | test-credential | not-credential | precision | noise share | unlabelled | also reported by release-gate (same line) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    unlabelled = []
    for tool in TOOLS:
        rows = found[tool]
        c = collections.Counter()
        same = 0
        for r in rows:
            lab, _ = label_of(r, labels, ours_by_line)
            c[lab or "unlabelled"] += 1
            if lab is None:
                unlabelled.append(r)
            if tool != "release-gate" and (r["pkg"], r["path"], r["line"]) in our_lines:
                same += 1
        n = sum(c[l] for l in LABELS)
        good = c["credential"] + c["test-credential"]
        prec = f"{100 * good / n:.1f}%" if n else "-"
        noise = f"{100 * c['not-credential'] / n:.1f}%" if n else "-"
        same_s = "-" if tool == "release-gate" else str(same)
        print(f"| {tool} | {len(rows)} | {n} | {c['credential']} | {c['test-credential']} | "
              f"{c['not-credential']} | {prec} | {noise} | {c['unlabelled']} | {same_s} |")

    print()
    print("release-gate per rule (errors / test-credential warnings; noise = labelled not-credential):")
    print()
    print("| rule | findings | errors | warnings | not-credential | noise share |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    per = collections.defaultdict(collections.Counter)
    for r in found["release-gate"]:
        p = per[r["rule"]]
        p["n"] += 1
        p[r["severity"]] += 1
        lab, _ = label_of(r, labels, ours_by_line)
        p[lab or "unlabelled"] += 1
    for rule, p in sorted(per.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        lab_n = sum(p[l] for l in LABELS)
        share = f"{100 * p['not-credential'] / lab_n:.0f}%" if lab_n else "-"
        print(f"| {rule} | {p['n']} | {p['error']} | {p['warning']} | {p['not-credential']} | {share} |")

    if a.to_label:
        with open(a.to_label, "w") as f:
            for r in unlabelled:
                try:
                    with open(os.path.join(a.tree, r["pkg"], r["path"]), errors="replace") as src:
                        lines = src.read().split("\n")
                    text = lines[r["line"] - 1][:300] if r["line"] - 1 < len(lines) else ""
                except OSError:
                    text = ""
                f.write("\t".join([r["tool"], r["pkg"], r["path"], str(r["line"]), r["rule"],
                                   r["fp"], r["preview"], text.replace("\t", " ")]) + "\n")
        print(f"\n{len(unlabelled)} unlabelled findings written to {a.to_label}", file=sys.stderr)


if __name__ == "__main__":
    main()
