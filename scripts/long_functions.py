#!/usr/bin/env python3
"""Lists non-test functions in src/ longer than a limit (default 60 lines).

    scripts/long_functions.py [LIMIT]

A function's length runs from its `fn` line to its closing brace; code
inside `#[cfg(test)]` modules is skipped. Exit status 1 when any function
is longer than 80 lines (the project's hard limit)."""
import os, re, sys

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60
HARD = 80
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
fn_re = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
worst = 0
for dirpath, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".rs"):
            continue
        path = os.path.join(dirpath, name)
        lines = open(path, encoding="utf-8").read().split("\n")
        # cut at the test module
        for i, l in enumerate(lines):
            if l.startswith("#[cfg(test)]"):
                lines = lines[:i]
                break
        i = 0
        while i < len(lines):
            m = fn_re.match(lines[i])
            if not m:
                i += 1
                continue
            depth, j, opened = 0, i, False
            while j < len(lines):
                code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j].split("//")[0])
                code = re.sub(r"'(\\.|[^'\\])'", "''", code)
                depth += code.count("{") - code.count("}")
                if "{" in code:
                    opened = True
                if opened and depth <= 0:
                    break
                if not opened and code.rstrip().endswith(";"):
                    break
                j += 1
            n = j - i + 1
            if n > limit:
                print(f"{n:4} {os.path.relpath(path, os.path.dirname(root))}:{i+1} {m.group(6)}")
            worst = max(worst, n)
            i += 1
sys.exit(1 if worst > HARD else 0)
