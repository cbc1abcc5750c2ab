"""What the documentation writes from brochure itself at build time (docs/hooks.py runs it):
the reference pages, from the code that the command runs, and the pictures, from real
builds. Nothing here is copied by hand, so none of it can drift from the code."""
