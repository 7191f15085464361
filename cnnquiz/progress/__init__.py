"""Progress: the SQLite store of cards, reviews and settings, its migrations, and FSRS scheduling — shared by quiz and drill."""
