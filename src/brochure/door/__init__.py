"""At the door: a person found by what staff type or scan, a walk-in registered, their
badge made on the door's card and sent to a printer (`brochure badge`, `serve --door`)."""
