"""The Textual app and the ``dossier`` command."""

import os

# Textual paces screen updates at TEXTUAL_FPS frames a second (its default: 60). A search
# result that arrives just after a frame waits one to two frame periods to be painted:
# up to 33 ms at 60, up to 17 ms at 120 (keystroke to paint p50 on the samples 31 -> 23
# ms). Set before Textual is imported (by any ``tui`` module); the user's own value wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
