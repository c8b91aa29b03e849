"""Reading: files become documents whose every later span points back into the original text.

In: paths (files and folders). Out: `Document`s (id, text, as-of date, title, excerpts) from
`documents`; their metadata from `metadata` (front matter, "Publication Date", datelines, report
titles); `Segmented` paragraphs and sentences from `passages` (markup masked on a same-length copy,
so offsets never shift); the suppression comments a document carries, from `suppressions`.
Unreadable files become `InputError`s (TC901) and the run goes on.
"""
