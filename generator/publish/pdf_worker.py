#!/usr/bin/python3
"""manualgen's PDF worker: renders pages to PDF with WeasyPrint's Python API, one document after
another, for as long as manualgen sends them (generator/publish/pdf_renderer.cpp starts one per
core). Python starts and imports WeasyPrint once per worker instead of once per PDF, every document
shares one FontConfiguration, each linked stylesheet is parsed once, and each font is cut down to a
given set of glyphs once (README, "PDF").

Protocol, one JSON object per line:
  worker -> manualgen, first:  {"renderer": "WeasyPrint 57.2, pydyf 0.5.0, pdf/ua-1", "files": [...]}
                               ("files": what it is made of, so that manualgen notices an upgrade)
                               or {"missing": "weasyprint", "error": "..."}, then exit status 3
  manualgen -> worker:         {"html": FILE, "output": FILE, "base_url": FILE or "", "stylesheet": FILE or ""}
  worker -> manualgen:         {"ok": true, "pages": N} or {"ok": false, "error": "..."}
The worker ends when its input does. Python's own output goes to stderr: stdout is the protocol's.
"""

import gc
import hashlib
import json
import logging
import os
import sys
import urllib.parse

EXIT_MISSING = 3


class StylesheetCache:
    """Stands in for `weasyprint.css.CSS`, through which WeasyPrint parses each <link rel="stylesheet">
    of each document: a local stylesheet is parsed once and the same parsed sheet serves every
    later document. A sheet keeps its own list of @page rules (the document's list is new every
    time and read only through the sheets) and is not kept if it defines @counter-style rules,
    which belong to one document."""

    def __init__(self, parse):
        self.parse = parse
        self.sheets = {}

    def __call__(self, *args, **kwargs):
        url = kwargs.get("url")
        if args or not isinstance(url, str) or not url.startswith("file:"):
            return self.parse(*args, **kwargs)
        try:
            stat = os.stat(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
        except OSError:  # WeasyPrint reports a stylesheet it cannot load and renders without it
            return self.parse(*args, **kwargs)
        key = (url, kwargs.get("media_type"), stat.st_mtime_ns, stat.st_size)
        sheet = self.sheets.get(key)
        if sheet is None:
            counter_style = kwargs.get("counter_style")
            before = dict(counter_style) if counter_style is not None else {}
            sheet = self.parse(*args, **dict(kwargs, page_rules=None))
            if counter_style is None or dict(counter_style) == before:
                self.sheets[key] = sheet
        return sheet


class SubsetCache:
    """Stands in for WeasyPrint's `Font.clean`, which cuts a font down to the glyphs one document
    uses before it is embedded (fontTools' subsetter: about a tenth of a manual's rendering). The
    cut of a font file, for a face and a set of glyphs, is made once, and its bytes serve each later
    document that needs the same: the manuals of a site share most of their glyph sets. So a PDF
    embeds exactly the glyphs it would have embedded without the cache, and no others. Only the
    font's bytes are read after the cut (`file_content`); the oldest cut goes first beyond LIMIT."""

    LIMIT = 256

    def __init__(self, clean):
        self.clean = clean
        self.cuts = {}

    def __call__(self, font, cmap):
        if getattr(font, "ttfont", None) is None:  # a font fontTools cannot read is not cut
            return self.clean(font, cmap)
        # font.hash stands for the face's description (size and variations, which the cut of a
        # variable font depends on); the glyphs are the keys of cmap.
        key = (hashlib.blake2b(font.file_content, digest_size=16).digest(), font.index, font.hash,
               tuple(sorted(cmap)))
        cut = self.cuts.get(key)
        if cut is None:
            # The cut keeps the font's own timestamp, not the time it was made (fontTools' default):
            # so the same page makes the same PDF, byte for byte, whenever and in whichever worker.
            font.ttfont.recalcTimestamp = False
            self.clean(font, cmap)
            if len(self.cuts) >= self.LIMIT:
                del self.cuts[next(iter(self.cuts))]
            self.cuts[key] = cut = font.file_content
        font.file_content = cut


class Renderer:
    """WeasyPrint with what every document can share."""

    def __init__(self, weasyprint, fonts):
        self.weasyprint = weasyprint
        self.fonts = fonts.FontConfiguration()
        # PDF/UA-1 (a tagged PDF, with the document's language and title) from WeasyPrint 57 on.
        major = int(weasyprint.__version__.split(".")[0])
        self.variant = "pdf/ua-1" if major >= 57 else None
        self.user_sheets = {}
        if getattr(weasyprint.css, "CSS", None) is weasyprint.CSS:
            weasyprint.css.CSS = StylesheetCache(weasyprint.CSS)
        # Where WeasyPrint's fonts are not what this was written for (57), they are cut as before.
        try:
            from weasyprint.pdf.stream import Font
        except ImportError:
            Font = None
        if callable(getattr(Font, "clean", None)):
            cuts = SubsetCache(Font.clean)
            Font.clean = lambda font, cmap: cuts(font, cmap)

    def identity(self):
        import pydyf

        return "WeasyPrint %s, pydyf %s, %s" % (
            self.weasyprint.__version__,
            getattr(pydyf, "__version__", "?"),
            self.variant or "no variant",
        )

    def files(self):
        import pydyf

        return [os.path.realpath(sys.executable), self.weasyprint.__file__, pydyf.__file__]

    def user_sheet(self, path):
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self.user_sheets:
            self.user_sheets[key] = self.weasyprint.CSS(filename=path, font_config=self.fonts)
        return self.user_sheets[key]

    def render(self, request):
        html = self.weasyprint.HTML(filename=request["html"], base_url=request.get("base_url") or None)
        sheets = [self.user_sheet(request["stylesheet"])] if request.get("stylesheet") else []
        document = html.render(stylesheets=sheets, font_config=self.fonts)
        document.write_pdf(request["output"], variant=self.variant)
        return len(document.pages)


def tune_garbage_collection():
    """A document makes some hundred thousand Python objects, and Python's cycle collector, started
    every 700 new objects, went through them again and again: a fifth of a worker's time. Objects
    made at import are never garbage (freeze), and the collector starts every 10,000: measured on
    the benchmark's manuals, 20% less CPU per PDF, and a worker's memory levels off at about 420 MB
    instead of 150 MB."""
    gc.freeze()
    gc.set_threshold(10000, 10, 10)


def send(protocol, message):
    protocol.write(json.dumps(message) + "\n")
    protocol.flush()


def serve(renderer, protocol):
    for line in sys.stdin.buffer:
        try:
            reply = {"ok": True, "pages": renderer.render(json.loads(line))}
        except Exception as error:  # one bad document is that document's error, not the worker's end
            reply = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
        send(protocol, reply)


def main():
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        import weasyprint
        import weasyprint.css
        from weasyprint.text import fonts
    except ImportError as error:
        send(protocol, {"missing": "weasyprint", "error": "%s (Python %s)" % (error, sys.executable)})
        return EXIT_MISSING
    # Its warnings are about the screen stylesheet's properties that print does not use.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    renderer = Renderer(weasyprint, fonts)
    tune_garbage_collection()
    send(protocol, {"renderer": renderer.identity(), "files": renderer.files()})
    serve(renderer, protocol)
    return 0


if __name__ == "__main__":
    sys.exit(main())
