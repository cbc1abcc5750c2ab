"""Reading the event: YAML with locations, the attendee CSV, files confined to the source
folder, images checked, and every problem in the organiser's words."""
