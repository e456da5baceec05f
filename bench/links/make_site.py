#!/usr/bin/env python3
"""Writes the benchmark's site: an index linking every page, and PAGES pages with 20 links each,
drawn (with a fixed seed) from a few dozen URLs on the benchmark server, with varying fragments:
32 good ones (/doc/K), 5 redirected (/old/K → /doc/K) and 3 missing (/gone/K)."""

import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--links", type=int, default=20)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    base = f"http://127.0.0.1:{args.port}"
    pool = ([f"{base}/doc/{k}" for k in range(32)] + [f"{base}/old/{k}" for k in range(5)] +
            [f"{base}/gone/{k}" for k in range(3)])
    rng = random.Random(4)
    os.makedirs(os.path.join(args.out, "p"), exist_ok=True)
    head = '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head><meta charset="utf-8" /><title>{}</title></head>\n<body>\n'
    names = [f"p/{i:05d}.html" for i in range(args.pages)]
    with open(os.path.join(args.out, "index.html"), "w") as index:
        index.write(head.format("Index") + "<ul>\n")
        for name in names:
            index.write(f'<li><a href="{name}">{name}</a></li>\n')
        index.write("</ul>\n</body>\n</html>\n")
    for name in names:
        with open(os.path.join(args.out, name), "w") as page:
            page.write(head.format(name) + '<p><a href="../index.html">index</a></p>\n<ul>\n')
            for _ in range(args.links):
                url = rng.choice(pool) + rng.choice(["", "", "#a", "#b"])
                page.write(f'<li><a href="{url}">{url}</a></li>\n')
            page.write("</ul>\n</body>\n</html>\n")
    print(f"make_site: {args.pages} pages x {args.links} links from {len(pool)} URLs in {args.out}")


if __name__ == "__main__":
    main()
