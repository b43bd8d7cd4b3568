"""refs' own CSL 1.0.2 processor.

It reads a style's XML into node classes of its own (``nodes``), takes its locales from the CSL
locale files citeproc-py ships (``locale``), and renders CSL-JSON items into a tree of rich text
(``output``) that is written as HTML, plain text, Markdown or LaTeX. Every ``Processor`` keeps
its own state: nothing here is assigned to another library, and nothing is kept at module
level but constants.

    from refs.render.cslproc import Processor
    proc = Processor(style_xml, items, locale="en-US")
    proc.bibliography("html")
    proc.cite_clusters([[{"id": "a", "locator": "12"}]], "text")
"""

from .processor import Processor

__all__ = ["Processor"]
