"""The app's screens: the reader (main) and the help screen."""
