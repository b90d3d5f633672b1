"""Publications of an edition wired to the database: the proceedings volume, the program
booklet, BibTeX and the public paper pages. The PDF engine itself (program.proceedings) knows
no models; these modules turn papers, roles and the published program into its input."""
