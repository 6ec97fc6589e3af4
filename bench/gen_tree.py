#!/usr/bin/env python3
"""Generate a reproducible mixed source tree for scanning benchmarks.

    gen_tree.py OUT_DIR [--mb 50] [--seed 1]

Files in nine languages/formats with realistic line shapes (assignments, config keys, URLs,
long minified lines), and a fixed number of planted synthetic credentials, so every scanner
has something to find. Same seed and size -> byte-identical tree.
"""
import argparse
import base64
import hashlib
import os
import random
import string

WORDS = ("user account order invoice payment ticket session client server request response "
         "config value result handler service model cache queue worker retry timeout limit "
         "region bucket table index record stream buffer parser render layout widget").split()

def ident(r):
    return "_".join(r.choice(WORDS) for _ in range(r.randint(1, 3)))

def rand_str(r, n, alphabet=string.ascii_letters + string.digits):
    return "".join(r.choice(alphabet) for _ in range(n))

def planted(r):
    kind = r.randrange(6)
    if kind == 0:
        return "AWS_ACCESS_KEY_ID = 'AKIA" + rand_str(r, 16, string.ascii_uppercase + "234567") + "'"
    if kind == 1:
        return "GITHUB_TOKEN=ghp_" + rand_str(r, 36)
    if kind == 2:
        return "slack_token: xoxb-" + "".join(r.choice(string.digits) for _ in range(11)) + "-" + \
            "".join(r.choice(string.digits) for _ in range(12)) + "-" + rand_str(r, 24)
    if kind == 3:
        return "STRIPE_KEY = \"sk_live_" + rand_str(r, 24) + "\""
    if kind == 4:
        return "db_url = \"postgres://app:" + rand_str(r, 14) + "@db.internal:5432/app\""
    # A key has a body (a bare header is not a credential, and is not reported). The body is
    # derived from a counter, not drawn from `r`, so the rest of the tree stays as it was.
    global _keys
    _keys += 1
    body = base64.b64encode(hashlib.sha512(b"key%d" % _keys).digest()).decode()[:64]
    return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----"

_keys = 0

LINE_SHAPES = {
    ".py": lambda r: r.choice([
        f"def {ident(r)}(self, {ident(r)}, {ident(r)}=None):",
        f"    {ident(r)} = self.{ident(r)}.get('{ident(r)}', {r.randint(0, 9999)})",
        f"    return [{ident(r)} for {ident(r)} in {ident(r)} if {ident(r)}]",
        f"# {' '.join(r.choice(WORDS) for _ in range(8))}",
        f"    logger.info('{ident(r)} %s', {ident(r)})"]),
    ".js": lambda r: r.choice([
        f"const {ident(r)} = require('./{ident(r)}');",
        f"export function {ident(r)}({ident(r)}) {{ return {ident(r)}.map(x => x * {r.randint(1, 99)}); }}",
        f"  if (!{ident(r)}) throw new Error('{' '.join(r.choice(WORDS) for _ in range(5))}');",
        f"  fetch('https://api.example.com/{ident(r)}/{r.randint(1, 1000)}').then(r => r.json());"]),
    ".go": lambda r: r.choice([
        f"func {ident(r).title().replace('_', '')}(ctx context.Context, {ident(r)} string) error {{",
        f"\t{ident(r)} := make(map[string]int, {r.randint(1, 64)})",
        f"\tif err != nil {{ return fmt.Errorf(\"{ident(r)}: %w\", err) }}"]),
    ".java": lambda r: r.choice([
        f"    private final String {ident(r)} = \"{ident(r)}\";",
        f"    public void {ident(r)}(int {ident(r)}) throws IOException {{",
        f"        {ident(r)}.put(\"{ident(r)}\", {r.randint(0, 100000)});"]),
    ".c": lambda r: r.choice([
        f"static int {ident(r)}(struct {ident(r)} *p, size_t n) {{",
        f"    for (size_t i = 0; i < n; ++i) p->{ident(r)}[i] = {r.randint(0, 255)};",
        f"#define {ident(r).upper()} {r.randint(0, 65535)}"]),
    ".json": lambda r: f'  "{ident(r)}": "{ident(r)}-{r.randint(0, 99999)}",',
    ".yml": lambda r: r.choice([
        f"{ident(r)}: {r.randint(0, 9999)}",
        f"  {ident(r)}: \"{ident(r)}\"",
        f"  - name: {ident(r)}\n    image: registry.local/{ident(r)}:{r.randint(1, 9)}.{r.randint(0, 9)}"]),
    ".md": lambda r: " ".join(r.choice(WORDS) for _ in range(r.randint(6, 18))),
    ".min.js": lambda r: ";".join(f"var {rand_str(r, 2, string.ascii_lowercase)}={r.randint(0, 999)}"
                                  for _ in range(400)),
}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    target = int(a.mb * 1e6)
    total = 0
    n = 0
    exts = list(LINE_SHAPES)
    while total < target:
        ext = exts[n % len(exts)]
        d = os.path.join(a.out, f"pkg{n % 37}", f"mod{n % 11}")
        os.makedirs(d, exist_ok=True)
        lines = [LINE_SHAPES[ext](r) for _ in range(r.randint(80, 600) if ext != ".min.js" else 8)]
        if n % 97 == 13:
            lines.insert(r.randrange(len(lines)), planted(r))
        data = ("\n".join(lines) + "\n").encode()
        with open(os.path.join(d, f"{ident(r)}_{n}{ext}"), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    print(f"{n} files, {total / 1e6:.1f} MB in {a.out}")

if __name__ == "__main__":
    main()
