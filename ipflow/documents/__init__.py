"""Official documents rendered as DOCX from templates in ``config/templates/documents/``.

A template is an ordinary Word file whose paragraphs hold Jinja2 expressions
(``{{ case_id }}``); see :mod:`ipflow.documents.docx_render`. The templates are made
by ``scripts/make_document_templates.py`` and may be restyled in Word.
"""
