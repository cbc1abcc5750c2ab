"""What the `brochure` command does, one module per command; cli.py only parses and prints."""
