#!/usr/bin/env python3
"""Generate a reproducible git history for range-scan benchmarks, through git fast-import.

    gen_history.py REPO_DIR [--commits 5000] [--files 600] [--seed 1]

A tree of files in the line shapes of gen_tree.py, then --commits commits of the shape of a
team's main branch: most change one to six files (lines inserted, replaced and deleted), and
every so often a feature branch of two to eight commits is merged with --no-ff. A few branch
commits plant a synthetic credential, so a scanner has something to name, and the merge that
brings each in is a separate commit. Same arguments -> the same commit ids.
Prints the planted count and the ids of the commits that authored them (one per line, after
"planted:").
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_tree  # noqa: E402  (line shapes and planted credentials)

EXTS = [e for e in gen_tree.LINE_SHAPES if e != ".min.js"]


class History:
    def __init__(self, seed, files):
        self.r = random.Random(seed)
        self.files = {}  # path -> list of lines
        self.mark = 0
        self.time = 1700000000
        self.out = []
        self.branch_tip = {}  # branch -> mark
        self.planted = []  # marks of commits that planted a credential
        for n in range(files):
            ext = EXTS[n % len(EXTS)]
            path = f"pkg{n % 23}/mod{n % 7}/{gen_tree.ident(self.r)}_{n}{ext}"
            self.files[path] = [gen_tree.LINE_SHAPES[ext](self.r) for _ in range(self.r.randint(40, 400))]

    def blob(self, lines):
        data = ("\n".join(lines) + "\n").encode()
        return b"data %d\n" % len(data) + data

    def commit(self, ref, message, changes, parents):
        """changes: {path: lines or None (deleted)}; parents: marks (first is the first parent)."""
        self.mark += 1
        self.time += self.r.randint(60, 7200)
        msg = message.encode()
        parts = [b"commit %s\nmark :%d\n" % (ref.encode(), self.mark),
                 b"author Dev <dev@example.com> %d +0000\n" % self.time,
                 b"committer Dev <dev@example.com> %d +0000\n" % self.time,
                 b"data %d\n" % len(msg) + msg + b"\n"]
        if parents:
            parts.append(b"from :%d\n" % parents[0])
            for p in parents[1:]:
                parts.append(b"merge :%d\n" % p)
        for path, lines in changes.items():
            if lines is None:
                parts.append(b"D %s\n" % path.encode())
            else:
                parts.append(b"M 100644 inline %s\n" % path.encode() + self.blob(lines))
        self.out.append(b"".join(parts) + b"\n")
        return self.mark

    def edit(self, working, plant=False):
        """Edit one to six files of `working` (a dict path -> lines); returns the changes."""
        r = self.r
        changes = {}
        for path in r.sample(sorted(working), r.randint(1, 6)):
            lines = list(working[path])
            ext = "." + path.rsplit(".", 1)[1]
            shape = gen_tree.LINE_SHAPES[ext]
            for _ in range(r.randint(1, 8)):
                op = r.random()
                at = r.randrange(len(lines) + 1)
                if op < 0.6 or not lines:
                    lines[at:at] = [shape(r) for _ in range(r.randint(1, 12))]
                elif op < 0.85:
                    lines[min(at, len(lines) - 1)] = shape(r)
                else:
                    del lines[min(at, len(lines) - 1):min(at, len(lines) - 1) + r.randint(1, 5)]
            if plant:
                lines.insert(r.randrange(len(lines) + 1), gen_tree.planted(r))
                plant = False
            working[path] = lines
            changes[path] = lines
        return changes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--files", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    h = History(a.seed, a.files)
    r = h.r
    main_tip = h.commit("refs/heads/main", "initial import", dict(h.files), [])
    made = 1
    feature = 0
    while made < a.commits:
        if r.random() < 0.08 and a.commits - made > 10:
            # A feature branch off main, merged back with --no-ff.
            feature += 1
            working = dict(h.files)
            tip = main_tip
            plant_at = r.randrange(8) if feature % 5 == 0 else -1
            for i in range(r.randint(2, 8)):
                changes = h.edit(working, plant=(i == plant_at))
                tip = h.commit(f"refs/heads/feature/{feature}", f"feature {feature}: step {i + 1}", changes, [tip])
                if i == plant_at:
                    h.planted.append(tip)
                made += 1
            # main may have moved on meanwhile in real life; here the branch merges cleanly.
            merged = {p: l for p, l in working.items() if h.files.get(p) != l}
            h.files = working
            main_tip = h.commit("refs/heads/main", f"Merge branch 'feature/{feature}'", merged, [main_tip, tip])
            made += 1
        else:
            changes = h.edit(h.files)
            main_tip = h.commit("refs/heads/main", f"change {made}", changes, [main_tip])
            made += 1
    os.makedirs(a.repo, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", a.repo], check=True)
    marks = os.path.abspath(os.path.join(a.repo, ".git", "gen-marks"))
    p = subprocess.run(["git", "-C", a.repo, "fast-import", "--quiet", f"--export-marks={marks}"],
                       input=b"".join(h.out), check=True)
    subprocess.run(["git", "-C", a.repo, "repack", "-adq"], check=True)
    ids = dict(line.split() for line in open(marks))
    subprocess.run(["git", "-C", a.repo, "checkout", "-q", "main"], check=True)
    print(f"{made} commits, {feature} merged branches; planted: {len(h.planted)}")
    for m in h.planted:
        print(ids[f":{m}"])


if __name__ == "__main__":
    main()
