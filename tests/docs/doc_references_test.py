#!/usr/bin/env python3
"""Every document a file of this repository cites is in the repository.

Fails when (a) a file names one of the notes that were never part of the repository (the research notes the
first versions were written from: their facts now live in docs/, each with its public source), or a path into
the directory those notes sat in; or (b) a file names docs/<name>.md and there is no such file, or names
docs/<name>.md#<anchor> (or, inside docs/, <name>.md#<anchor> or #<anchor>) and that file has no heading with
that anchor. Anchors follow GitHub's rule: the heading's text lowercased, punctuation dropped, spaces turned
into '-', a repeated heading numbered -1, -2, ...

The files are those git knows or would add: tracked, plus untracked ones that .gitignore does not exclude;
node_modules and this script (which has to spell the names it looks for) are skipped.

Usage: doc_references_test.py REPO_ROOT
"""

import pathlib
import re
import subprocess
import sys

# (a) Notes outside the repository, by name, and paths into the directory that held them.
OUTSIDE_NOTES = re.compile(
    r"aws-wire\.md|pi-and-enhanced-monitoring\.md|peer-exporters\.md|next-features\.md|shared/design/engine\.md"
    r"|(?:\.\./|/work/)shared/|(?<![\w.-])shared/(?:reference|seed|design|fixtures)/")

# (b) docs/<name>.md, optionally ../-relative, optionally with an anchor; not part of a longer path (tests/docs/).
DOCS_REFERENCE = re.compile(r"(?<![\w/.-])(?:\.\./)*docs/([\w.-]+\.md)(?:#([\w-]+))?")
EXTERNAL_LINK_TARGET = re.compile(r"\]\(\w+://")
# Inside docs/: a Markdown link to a sibling page or to an anchor of the same page.
SIBLING_LINK = re.compile(r"\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)")

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def repository_files(root):
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode("utf-8", "surrogateescape")
    this_script = pathlib.Path(__file__).resolve()
    for name in sorted(set(filter(None, listed.split("\0")))):
        if "node_modules" in pathlib.PurePosixPath(name).parts:
            continue
        path = root / name
        if not path.is_file() or path.resolve() == this_script:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files cite nothing
        yield name, text


def github_anchor(heading):
    text = LINK_TEXT.sub(r"\1", heading).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors_of(markdown):
    anchors, seen, in_fence = set(), {}, False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if not match:
            continue
        anchor = github_anchor(match.group(2))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def check(root):
    problems = []
    docs_dir = root / "docs"
    anchor_cache = {}

    def anchors(page):
        if page not in anchor_cache:
            anchor_cache[page] = anchors_of((docs_dir / page).read_text(encoding="utf-8"))
        return anchor_cache[page]

    def check_target(where, page, anchor):
        if not (docs_dir / page).is_file():
            problems.append(f"{where}: docs/{page} does not exist")
        elif anchor and anchor not in anchors(page):
            problems.append(f"{where}: docs/{page} has no heading with anchor #{anchor}")

    for name, text in repository_files(root):
        for match in OUTSIDE_NOTES.finditer(text):
            problems.append(f"{name}:{line_of(text, match.start())}: cites {match.group(0)!r}, which is not in the "
                            "repository; cite the docs/ page that has the fact instead")
        for match in DOCS_REFERENCE.finditer(text):
            if EXTERNAL_LINK_TARGET.match(text, match.end()):
                continue  # the text of a link to another project's docs/ ("[docs/x.md](https://...)")
            check_target(f"{name}:{line_of(text, match.start())}", match.group(1), match.group(2))
        if pathlib.PurePosixPath(name).parent == pathlib.PurePosixPath("docs") and name.endswith(".md"):
            own_page = pathlib.PurePosixPath(name).name
            for match in SIBLING_LINK.finditer(text):
                if match.group(1) or match.group(2):
                    check_target(f"{name}:{line_of(text, match.start())}", match.group(1) or own_page,
                                 match.group(2))
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1]).resolve()
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"FAIL: {len(problems)} reference(s) to documents that are not in the repository")
        return 1
    print("OK: every cited document is in the repository, and every cited anchor has its heading")
    return 0


if __name__ == "__main__":
    sys.exit(main())
