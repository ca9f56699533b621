// Replaced by the terminal screen.
