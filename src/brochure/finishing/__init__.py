"""What happens to pages after they are laid out: whole folded sheets today; booklet
order, bleed and the joining of chunks belong here too."""
