"""Structural checks of govlint's markdown and html reports, for validate.sh.

    check.py markdown FINDINGS.json RENDERED.html   cmark-gfm's HTML of the gap list
    check.py dom FINDINGS.json DOM.html             Chromium's --dump-dom of the html report
    check.py assets PAGE.html                       the html report loads nothing outside itself

FINDINGS.json is `govlint check --format json` of the same repository. Each
mode checks one matrix row per plan and that every finding (rule id, message,
file:line) is one list item. Prints what is wrong; exit status 1 if anything.
Standard library only (run with /usr/bin/python3).
"""
import json
import re
import sys
from html.parser import HTMLParser


class Collect(HTMLParser):
    """Text of every <tr> and <li>, with the class attribute of each."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.items, self.stack, self.checkboxes = [], [], [], 0
        self.external, self.in_style, self.ticked = [], False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_style = tag == "style"
        if tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio"):
            self.external.append(f"<{tag}>")
        for k, v in attrs:
            if k in ("src", "srcset", "action", "style") or (k == "href" and not v.startswith("#")):
                self.external.append(f"<{tag} {k}={v!r}>")
        if tag == "input" and a.get("type") == "checkbox":
            self.checkboxes += 1
            self.ticked += "checked" in a
        if tag in ("tr", "li"):
            self.stack.append([tag, a.get("class") or "", []])
        if tag == "br" and self.stack:   # a line break reads as a space, CSS or not
            self.stack[-1][2].append(" ")

    def handle_endtag(self, tag):
        self.in_style = False
        if tag in ("tr", "li") and self.stack and self.stack[-1][0] == tag:
            t, cls, text = self.stack.pop()
            (self.rows if t == "tr" else self.items).append((cls, norm("".join(text))))
            if self.stack:
                self.stack[-1][2].extend(text)

    def handle_data(self, data):
        if self.in_style and re.search(r"url\(|@import|@font-face", data):
            self.external.append("style: url(), @import or @font-face")
        if self.stack:
            self.stack[-1][2].append(data)


def norm(s):
    """Controls and runs of whitespace as one space (reports may do either),
    noncharacters as U+FFFD (html writes them so: raw, they are parse errors)."""
    s = s.replace("\u200b", "")   # the markdown report breaks e-mail links with it
    s = "".join("\ufffd" if 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE else c
                for c in s)
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", s).strip()


def assets(page):
    c = Collect()
    c.feed(open(page, encoding="utf-8").read())
    for e in c.external:
        print("outside the page:", e)
    return 1 if c.external else 0


def main():
    if sys.argv[1] == "assets":
        return assets(sys.argv[2])
    mode, findings_json, page = sys.argv[1:4]
    doc = json.load(open(findings_json, encoding="utf-8"))
    everything, nplans = doc["findings"], doc["summary"]["plans"]
    findings = [f for f in everything if "waived" not in f]    # open gaps: checkboxes
    waived = [f for f in everything if "waived" in f]          # listed apart
    if len(findings) != len(everything) or any(f["file"] == "waivers.yaml" for f in everything):
        nplans += 1   # waivers.yaml has its own row
    c = Collect()
    c.feed(open(page, encoding="utf-8").read())
    problems = []
    if mode == "markdown":
        rows = len(c.rows) - 1  # the header row
        items = c.items
        if c.checkboxes != len(findings):
            problems.append(f"{c.checkboxes} checkboxes for {len(findings)} findings")
        if c.ticked:
            problems.append(f"{c.ticked} checkboxes are ticked: every gap is still open")
        for e in c.external:   # plan text made into a link (a bare URL, www., an e-mail)
            problems.append(f"plan text became a link: {e}")
    else:
        rows = sum(1 for cls, _ in c.rows if cls == "plan")
        items = [i for i in c.items if i[0].split()[:1] == ["gap"]]
        heads = [t for cls, t in c.rows if cls == "plan"]
        for pid in sorted({f["plan"] for f in everything}):   # the title apart from the id
            if not any(t.startswith(pid) and not t[len(pid):][:1].isalnum() for t in heads):
                problems.append(f"no matrix row starts with plan {pid} set apart from its title")
    texts_all = [t for _, t in c.items]
    for f in waived:
        want = [f["rule"], norm(f["message"]), f["waived"]["expires"], f["waived"]["approved_by"]]
        if not any(all(w in t for w in want) for t in texts_all):
            problems.append(f"no list item shows the waived gap {want}")
    items = [i for i in items if not any(norm(f["message"]) in i[1] for f in waived)]
    if rows != nplans:
        problems.append(f"{rows} matrix rows for {nplans} plans")
    if len(items) != len(findings):
        problems.append(f"{len(items)} list items for {len(findings)} findings")
    texts = [t for _, t in items]
    for f in findings:
        want = [f["rule"], norm(f["message"]), f"{f['file']}:{f['line']}"]
        if not any(all(w in t for w in want) for t in texts):
            problems.append(f"no list item holds {want}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
