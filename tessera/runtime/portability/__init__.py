"""Data out and back: a backup of a whole instance (every platform table and every record
table) that restores into an empty database of either engine, and an app's bundle."""
