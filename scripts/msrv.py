#!/usr/bin/env python3
"""The minimum Rust version, checked against Cargo.lock.

`rust-version` in Cargo.toml is a promise: the library with its default
features builds on that Rust. A toolchain other than the machine's cannot be
fetched here, so this script checks what can be checked without one: every
crate the default library build compiles (normal dependencies, as locked)
declares a `rust-version` no newer than ours. It prints the version each build
needs (default, every feature, tests and examples) so the README can tell the
truth, and exits 1 when the promise is broken. `clippy::incompatible_msrv`
(on in CI through `-D warnings`) checks our own use of the standard library
against the same number.

    python3 scripts/msrv.py
"""
import json
import subprocess
import sys


def version(v):
    return tuple(int(x) for x in v.split("."))


def crates(*args):
    out = subprocess.run(
        ["cargo", "tree", "--prefix", "none", "--no-dedupe", *args],
        check=True, capture_output=True, text=True,
    ).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].startswith("v"):
            names.add((parts[0], parts[1][1:]))
    return names


def main():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features"],
        check=True, capture_output=True, text=True,
    ).stdout)
    declared = {(p["name"], p["version"]): p.get("rust_version") for p in meta["packages"]}
    ours = next(p for p in meta["packages"] if p["name"] == "rolebalance")["rust_version"]
    builds = {
        "library, default features": crates("-e", "normal"),
        "library, every feature": crates("-e", "normal", "--all-features"),
        "tests, examples and benches": crates("-e", "normal,build,dev", "--all-features"),
    }
    ok = True
    for label, names in builds.items():
        needs = [(declared.get(n) or "0.0", n) for n in names if n[0] != "rolebalance"]
        top = max(needs, key=lambda t: version(t[0]))
        print(f"{label}: Rust {top[0]} ({top[1][0]} {top[1][1]})")
        if label.endswith("default features") and version(top[0]) > version(ours):
            print(f"error: rust-version is {ours} but {top[1][0]} {top[1][1]} needs {top[0]}")
            ok = False
    print(f"rust-version in Cargo.toml: {ours}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
