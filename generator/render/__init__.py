"""Render stage: the archive becomes pages (templates, registers, attachments)."""
