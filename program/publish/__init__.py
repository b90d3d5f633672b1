"""Publications of an edition wired to the database: the proceedings volume, the program
booklet, BibTeX and the public paper pages. The PDF engine itself (program.proceedings) knows
no models; these modules turn papers, roles and the published program into its input.

Who sees what:
- Paper pages, paper PDFs and the volume's BibTeX file: ``selectors.paper_pages_visible``
  (one function; today: edition published and it has a program release or an accepted paper).
  Only accepted, not withdrawn papers have pages.
- Volume PDF: chairs at any time (the newest finished build); the public once
  ``Volume.published`` is set and paper pages are visible (``selectors.volume_public``).
- Booklet PDF: whoever may see the program (``program.view_program``), once built; it is built
  from the latest release only, never from the draft.
- Building: ``program.build_publications`` (chairs of the edition, superusers).
"""
