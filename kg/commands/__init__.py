"""One module per ``drugkg`` command; shared options are defined in :mod:`kg.commands.options`."""
